package io.cdclake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line jar's commands, as an operator calls them. */
class MainTest {
  private record Result(int status, String out, String err) {}

  @TempDir
  Path dir;

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    // The load generator prints its summary on System.out.
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int status = Main.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
  }

  @Test
  void listsBothCommands() {
    for (String help : List.of("help", "--help")) {
      Result r = run(help);
      assertEquals(0, r.status(), r.err());
      assertTrue(r.out().contains("provision") && r.out().contains("load-generator"), r.out());
    }
    Result none = run();
    assertEquals(2, none.status());
    assertTrue(none.err().contains("missing command"), none.err());
  }

  @Test
  void provisionIsACommandWithItsOwnOptions() {
    Result wrong = run("provision", "--env", "prod", "--force");
    assertEquals(2, wrong.status());
    assertTrue(wrong.err().contains("'--force'") && wrong.err().contains("Usage: cdclake-cli provision"),
        wrong.err());
    Result noEnv = run("provision", "--dry-run");
    assertEquals(2, noEnv.status());
    assertTrue(noEnv.err().contains("'--env=<name>'"), noEnv.err());
    Result help = run("provision", "--help");
    assertEquals(0, help.status());
    assertTrue(help.out().contains("--replication-task-arn") && help.out().contains("Exit status"), help.out());
  }

  @Test
  void loadGeneratorKeepsTheBenchCommandLine() throws Exception {
    Path out = dir.resolve("in");
    // 1_000 and the repeated --duration are the bench's own conventions (whole numbers, last value wins).
    Result r = run("load-generator", "--sink", "files", "--out", out.toString(), "--rate", "100",
        "--file-interval-ms", "1_000", "--duration", "30", "--duration", "1", "--tables", "shop.orders:50");
    assertEquals(0, r.status(), r.err());
    long lines;
    try (Stream<Path> files = Files.list(out)) {
      lines = files.mapToLong(f -> {
        try {
          return Files.readAllLines(f).size();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sum();
    }
    assertEquals(100, lines, r.out());
  }

  @Test
  void loadGeneratorMistakesAreUsageErrors() {
    Result r = run("load-generator", "--sink", "kinesis");
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("--stream is required") && r.err().contains("Usage: cdclake-cli load-generator"),
        r.err());
  }
}
