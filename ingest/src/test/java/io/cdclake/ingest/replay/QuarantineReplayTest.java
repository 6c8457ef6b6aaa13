package io.cdclake.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.IngestJob;
import io.cdclake.ingest.IngestReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Records of a table without a contract wait in quarantine and reach the raw zone once, after it is added. */
class QuarantineReplayTest {
  private static final HashKey KEY =
      HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private static PipelineConfig config(Path confDir, String lake) {
    return new ConfigLoader(Map.of("CDC_LAKE_DIR", lake,
        "CDC_INPUT_DIR", ProjectFiles.testData().resolve("dms").toString())).loadEnvironment(confDir, "local");
  }

  private static Path copyConf(Path to) throws IOException {
    Path from = ProjectFiles.conf();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  @Test
  void replaysQuarantinedRecordsOfATableOnceItsContractExists() throws IOException {
    SparkSession spark = SharedSpark.get();
    String lake = SharedSpark.newDir("replay-lake-").toString();
    Path conf = copyConf(SharedSpark.newDir("replay-conf-"));
    Path paymentsContract = conf.resolve("contracts/payments.payments.json");
    String contract = Files.readString(paymentsContract);
    Files.delete(paymentsContract);

    IngestReport ingest = IngestJob.runAvailableNow(spark, config(conf, lake), KEY);
    assertEquals(0, ingest.rowsWritten("payments.payments"));
    long unconfigured = ingest.quarantinedByReason().get("unconfigured_table");
    assertTrue(unconfigured >= 6, "the six payments records wait in quarantine: " + ingest.quarantinedByReason());

    Files.writeString(paymentsContract, contract);
    PipelineConfig fixed = config(conf, lake);
    QuarantineReplay.Report report = QuarantineReplay.run(spark, fixed, KEY, Set.of("payments.payments"));
    assertEquals(Map.of("payments.payments", 6L), report.read());
    assertEquals(Map.of("payments.payments", 6L), report.replayed());

    LakePaths paths = new LakePaths(fixed.zones());
    assertEquals(6, spark.read().format("delta").load(paths.rawChanges())
        .where("source_table = 'payments.payments'").count());
    assertEquals(unconfigured - 6, spark.read().format("delta").load(paths.quarantine("ingest"))
        .where("reason = 'unconfigured_table'").count(), "the other table's records stay quarantined");

    QuarantineReplay.Report again = QuarantineReplay.run(spark, fixed, KEY, Set.of("payments.payments"));
    assertTrue(again.read().isEmpty(), "nothing left to replay: " + again.read());
    assertEquals(6, spark.read().format("delta").load(paths.rawChanges())
        .where("source_table = 'payments.payments'").count(), "exactly once");
  }
}
