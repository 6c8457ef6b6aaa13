package io.cdclake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  private static BenchmarkOptions parse(String... argv) {
    return BenchmarkOptions.parse(Args.parse("benchmark", argv, BenchmarkOptions.OPTIONS, BenchmarkOptions.FLAGS));
  }

  @Test
  void defaultsAreSizedForASmallMachine() {
    BenchmarkOptions o = parse("--out", "/tmp/b");
    assertEquals(Path.of("/tmp/b/work"), o.work());
    assertEquals(Set.of("drain", "rates", "merge"), o.sections());
    assertEquals(List.of(100_000L, 1_000_000L, 5_000_000L), o.mergeSizes());
    assertEquals(List.of(false, true), o.mergeModes());
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
    assertEquals(Duration.ofSeconds(30), o.rateDuration());
    assertTrue(o.keepWork());
    IngestSource.Kinesis k = (IngestSource.Kinesis) o.source();
    assertTrue(k.emulator());
    assertEquals("s", k.stream());
  }

  @Test
  void rejectsTyposAndNonsense() {
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> parse("--merge-size", "1"));
    assertTrue(typo.getMessage().contains("unknown option --merge-size"), typo.getMessage());
    assertTrue(typo.getMessage().contains("--merge-sizes"), "lists the known options: " + typo.getMessage());
    assertThrows(IllegalArgumentException.class, () -> parse("--sections", "drain,speed"));
    assertThrows(IllegalArgumentException.class, () -> parse("--merge-modes", "mor"));
    assertThrows(IllegalArgumentException.class, () -> parse("--drain-records", "0"));
    assertThrows(IllegalArgumentException.class, () -> parse("--source", "kinesis"), "needs --stream");
    assertThrows(IllegalArgumentException.class, () -> parse("--rates"), "needs a value");
  }
}
