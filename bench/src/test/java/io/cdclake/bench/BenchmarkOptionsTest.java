package io.cdclake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  private static BenchmarkOptions parse(String... argv) {
    return BenchmarkOptions.parse(argv);
  }

  @Test
  void defaultsAreSizedForASmallMachine() {
    BenchmarkOptions o = parse("--out", "/tmp/b");
    assertEquals(Path.of("/tmp/b/work"), o.work());
    assertEquals(Set.of("drain", "rates", "merge"), o.sections());
    assertEquals(List.of(100_000L, 1_000_000L, 5_000_000L), o.mergeSizes());
    assertEquals(List.of(false, true), o.mergeModes());
    assertEquals(Set.of(MergePeer.DELTA, MergePeer.HUDI), o.mergePeers());
    assertEquals(List.of(500.0, 2000.0), o.rates());
    assertTrue(o.source() instanceof IngestSource.Files);
    assertEquals(20, o.columns());
    assertEquals(new TablesBenchmark.Settings(List.of(1, 50, 200, 1000), 20, 20_000, 6, 2), o.tablesSettings());
    assertEquals(10_000, o.tablesSettings().recordsPerFile());
    assertEquals(120_000, o.tablesSettings().records());
  }

  @Test
  void theTablesSectionIsRunOnlyWhenNamedAndTakesItsSizes() {
    BenchmarkOptions o = parse("--sections", "tables,drain", "--table-counts", "1, 50", "--tables-batch-records",
        "2_000", "--tables-batches", "2", "--tables-files-per-batch", "4", "--columns", "6");
    assertEquals(Set.of("tables", "drain"), o.sections());
    assertEquals(new TablesBenchmark.Settings(List.of(1, 50), 6, 2_000, 2, 4), o.tablesSettings());
    assertEquals(500, o.tablesSettings().recordsPerFile());
    assertEquals(6, o.columns());
  }

  @Test
  void rejectsTablesSizesThatWouldNotGiveEqualCountedBatches() {
    assertThrows(IllegalArgumentException.class, () -> parse("--tables-batches", "1"), "the first is not counted");
    assertThrows(IllegalArgumentException.class,
        () -> parse("--tables-batch-records", "1000", "--tables-files-per-batch", "3"), "uneven files");
    assertThrows(IllegalArgumentException.class, () -> parse("--table-counts", "0,5"));
    assertThrows(IllegalArgumentException.class, () -> parse("--table-counts", ","));
    assertThrows(IllegalArgumentException.class, () -> parse("--columns", "5"), "fewer than the generator's own");
  }

  @Test
  void parsesListsDurationsAndTheKinesisSource() {
    BenchmarkOptions o = parse("--sections", "merge", "--merge-sizes", "1_000_000,20000000", "--merge-modes", "dv",
        "--rate-duration=30", "--source", "kinesis", "--stream", "s", "--kinesis-local", "http://127.0.0.1:1",
        "--keep-work");
    assertEquals(Set.of("merge"), o.sections());
    assertEquals(List.of(1_000_000L, 20_000_000L), o.mergeSizes());
    assertEquals(List.of(true), o.mergeModes());
    assertEquals(Set.of(MergePeer.DELTA, MergePeer.HUDI), o.mergePeers());
    assertEquals(Duration.ofSeconds(30), o.rateDuration());
    assertTrue(o.keepWork());
    IngestSource.Kinesis k = (IngestSource.Kinesis) o.source();
    assertTrue(k.emulator());
    assertEquals("s", k.stream());
  }

  @Test
  void theMergePeersCanBeNarrowedToOne() {
    assertEquals(Set.of(MergePeer.DELTA), parse("--merge-peers", "delta").mergePeers());
    assertEquals(Set.of(MergePeer.HUDI), parse("--merge-peers", "hudi").mergePeers());
    assertEquals(Set.of(MergePeer.DELTA, MergePeer.HUDI), parse("--merge-peers", "hudi, delta").mergePeers());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parse("--merge-peers", "delta,iceberg"));
    assertTrue(e.getMessage().contains("'iceberg' is neither delta nor hudi"), e.getMessage());
  }

  @Test
  void rejectsTyposAndNonsense() {
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> parse("--merge-size", "1"));
    assertTrue(typo.getMessage().contains("Unknown options: '--merge-size'"), typo.getMessage());
    assertTrue(typo.getMessage().contains("--merge-sizes"), "suggests the option meant: " + typo.getMessage());
    assertThrows(IllegalArgumentException.class, () -> parse("--sections", "drain,speed"));
    assertThrows(IllegalArgumentException.class, () -> parse("--merge-modes", "mor"));
    assertThrows(IllegalArgumentException.class, () -> parse("--drain-records", "0"));
    assertThrows(IllegalArgumentException.class, () -> parse("--source", "kinesis"), "needs --stream");
    assertThrows(IllegalArgumentException.class, () -> parse("--rates"), "needs a value");
  }

  @Test
  void aBadValueNamesTheOptionAndWhatItTakes() {
    assertRejected("'--seed': 'forty' is not a whole number", "--seed", "forty");
    assertRejected("'--merge-changes': '99_999_999_999' is out of range", "--merge-changes", "99_999_999_999");
    assertRejected("'--rates' (RATE): 'fast' is not a double", "--rates", "500,fast");
    assertRejected("'--mix': needs five weights", "--mix", "1,2");
    assertRejected("'--tables' (TABLE): table spec 'orders' is not [relational:|documentdb:]schema.table:keySpace"
        + "[:weight] or dynamodb:table:keySpace[:weight]", "--tables", "orders");
    assertRejected("--curate-parallelism: 300 is not a parallelism between 1 and 256", "--curate-parallelism",
        "4,300");
  }

  @Test
  void helpPrintsEveryOptionWithItsDefaultAndRunsNothing() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = CommandLines.run(new BenchmarkOptions.Arguments(), new String[] {"--help"},
          BenchmarkOptions.Arguments::check, o -> fail("--help runs no benchmark"));
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, code);
    String usage = out.toString(StandardCharsets.UTF_8);
    for (String option : List.of("--out", "--work", "--keep-work", "--sections", "--seed", "--mix", "--tables",
        "--drain-records", "--records-per-file", "--drain-files-per-batch", "--columns", "--table-counts",
        "--tables-batch-records", "--tables-batches", "--tables-files-per-batch", "--curate-table-counts",
        "--curate-changes-per-table", "--curate-parallelism", "--rates", "--rate-duration", "--ramp-seconds",
        "--trigger-seconds", "--file-interval-ms", "--curate-pause-seconds", "--merge-sizes", "--merge-changes",
        "--merge-modes", "--merge-hot-keys", "--merge-peers", "--source", "--stream", "--region", "--shards",
        "--endpoint", "--kinesis-local", "--master", "--help")) {
      assertTrue(usage.contains(option + " ") || usage.contains(option + "="), option + " in\n" + usage);
    }
    assertTrue(usage.contains("(default 100000,1000000,5000000)"), usage);
  }

  @Test
  void aCommandLineTheChecksRejectIsReportedWithTheUsageAndRunsNothing() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = CommandLines.run(new BenchmarkOptions.Arguments(), new String[] {"--drain-records", "0"},
          BenchmarkOptions.Arguments::check, o -> fail("an invalid command line runs no benchmark"));
    } finally {
      System.setErr(stderr);
    }
    assertEquals(2, code);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("--drain-records must be positive, was 0"), printed);
    assertTrue(printed.contains("Usage: benchmark"), printed);
  }

  private static void assertRejected(String message, String... argv) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(argv));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
