package io.cdclake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.bench.load.LoadReport;
import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, end to end into files (one second of load at a low rate). */
class LoadGeneratorCommandTest {
  @TempDir
  Path dir;

  private static LoadReport run(String... argv) throws Exception {
    return LoadGeneratorCommand.parse(argv).run();
  }

  @Test
  void filesSinkWritesTheScheduledRecordsAsDmsJsonLines() throws Exception {
    Path out = dir.resolve("in");
    LoadReport report = run("--sink", "files", "--out", out.toString(), "--rate", "300", "--duration", "1",
        "--file-interval-ms", "250", "--tables", "shop.orders:500:1,shop.items:500:1", "--mix", "1,1,0,0,0");

    assertEquals(300, report.records());
    List<String> lines = new ArrayList<>();
    List<Path> written;
    try (Stream<Path> files = Files.list(out)) {
      written = files.sorted().toList();
    }
    assertEquals(report.requests(), written.size(), "one request per file");
    for (Path f : written) {
      assertTrue(f.getFileName().toString().endsWith(".jsonl"), "no in-progress file left: " + f);
      lines.addAll(Files.readAllLines(f));
    }
    assertEquals(300, lines.size());
    long deletes = lines.stream().map(DmsJson::parse).filter(r -> r.operation() == DmsOperation.DELETE).count();
    assertEquals(0, deletes, "the mix given has no deletes");
    assertEquals(report.byOperation().getOrDefault(DmsOperation.INSERT, 0L)
        + report.byOperation().getOrDefault(DmsOperation.UPDATE, 0L), 300);
    assertEquals(2, report.byTable().size());
  }

  @Test
  void kinesisNeedsAStreamAndOneKindOfEndpoint() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run("--sink", "kinesis"));
    assertTrue(e.getMessage().contains("--stream"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> run("--stream", "s", "--kinesis-local", "http://127.0.0.1:1",
        "--endpoint", "https://vpce.example"));
    assertThrows(IllegalArgumentException.class, () -> run("--sink", "files", "--out", "x", "--max-batch", "501"));
  }

  @Test
  void badValuesNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LoadGeneratorCommand.parse("--sink", "files", "--out", "x", "--partition-key", "by-table"));
    assertTrue(e.getMessage().contains("'--partition-key': unknown partition key mode 'by-table'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LoadGeneratorCommand.parse("--sink", "file"));
    assertTrue(e.getMessage().contains("--sink must be kinesis or files, was 'file'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LoadGeneratorCommand.parse("--duration", "1m"));
    assertTrue(e.getMessage().contains("'--duration': '1m' is not a whole number"), e.getMessage());
  }
}
