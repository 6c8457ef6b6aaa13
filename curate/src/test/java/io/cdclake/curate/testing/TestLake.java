package io.cdclake.curate.testing;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.curate.CurateJob;
import io.cdclake.curate.CuratePaths;
import io.cdclake.curate.table.CuratedTable;
import io.cdclake.curate.CurateOptions;
import io.cdclake.curate.CurateReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A throw-away lake for one test: zones under a temp directory, a config loaded the way jobs load it, and helpers
 * to land raw changes and run curate.
 */
public final class TestLake {
  public final Path dir;
  public final SparkSession spark;
  private PipelineConfig config;
  private long nextSequence = 1;
  private long ingestBatch;
  private Instant arrival = Instant.parse("2024-03-01T10:00:00Z");

  private TestLake(Path dir) {
    this.dir = dir;
    this.spark = SharedSpark.get();
  }

  /** A lake with these contracts (JSON text, as in {@code conf/contracts}). */
  public static TestLake create(String... contracts) {
    TestLake lake = new TestLake(SharedSpark.newDir("curate-test-"));
    return lake.withContracts(lake.dir.toString().replace("\\", "/"), contracts);
  }

  /**
   * A lake whose zones are under {@code zonesRoot} (say {@code s3a://bucket/lake}); its configuration and input
   * stay in a local temp directory.
   */
  public static TestLake onStore(String zonesRoot, String... contracts) {
    TestLake lake = new TestLake(SharedSpark.newDir("curate-test-"));
    return lake.withContracts(zonesRoot, contracts);
  }

  private TestLake withContracts(String zonesRoot, String... contracts) {
    writeEnvironment(zonesRoot);
    for (String c : contracts) {
      putContract(c);
    }
    reload();
    return this;
  }

  private void writeEnvironment(String zonesRoot) {
    String env = """
        {
          "environment": "test",
          "zones": {
            "raw": "%1$s/raw", "curated": "%1$s/curated",
            "quarantine": "%1$s/quarantine", "checkpoints": "%1$s/checkpoints"
          },
          "ingest": { "source": "files", "files": { "path": "%2$s/input" }, "maxFilesPerTrigger": 100 },
          "catalog": { "mode": "local", "database": "cdc_test" },
          "pci": { "hashKeyEnv": "CDC_TEST_HASH_KEY", "allowEphemeralKey": true },
          "contractsDir": "contracts"
        }
        """.formatted(zonesRoot, dir.toString().replace("\\", "/"));
    try {
      Files.createDirectories(dir.resolve("conf/contracts"));
      Files.createDirectories(dir.resolve("input"));
      Files.writeString(dir.resolve("conf/test.json"), env);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds or replaces a contract; call {@link #reload()} to see it. The file is named after the source table. */
  public void putContract(String json) {
    try {
      Path tmp = Files.createTempFile(dir, "contract", ".tmp");
      Files.writeString(tmp, json);
      TableContract c = new ConfigLoader(Map.of()).contract(tmp);
      Files.delete(tmp);
      Files.writeString(dir.resolve("conf/contracts/" + c.sourceId() + ".json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void reload() {
    config = new ConfigLoader(Map.of()).loadEnvironment(dir.resolve("conf"), "test");
  }

  public PipelineConfig config() {
    return config;
  }

  public LakePaths paths() {
    return new LakePaths(config.zones());
  }

  public Path inputDir() {
    return dir.resolve("input");
  }

  public TableContract contract(String curatedTable) {
    return config.tables().stream().filter(t -> t.curatedTable().equals(curatedTable)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no contract for " + curatedTable));
  }

  /** Lands records of one table in the raw zone as one commit, with the next stream sequences. */
  public void land(String curatedTable, List<DmsRecord> records) {
    TableContract c = contract(curatedTable);
    RawZone.write(spark, c, paths().rawChanges(), records, nextSequence, arrival, ingestBatch++);
    nextSequence += records.size();
    arrival = arrival.plusSeconds(30);
  }

  public CurateReport curate() {
    return CurateJob.run(spark, config);
  }

  public CurateReport curate(CurateOptions options) {
    return CurateJob.run(spark, config, options);
  }

  public CuratedTable curatedTable(String curatedTable) {
    TableContract c = contract(curatedTable);
    return new CuratedTable(spark, c, paths().curatedTable(c), CuratePaths.state(paths(), c));
  }

  public long version(String curatedTable) {
    return curatedTable(curatedTable).version();
  }

  public Dataset<Row> table(String curatedTable) {
    return spark.read().format("delta").load(paths().curatedTable(contract(curatedTable)));
  }
}
