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
