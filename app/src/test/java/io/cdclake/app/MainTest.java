package io.cdclake.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** The command line as Main parses it, and the exit codes and messages of every way of calling it wrongly. */
class MainTest {
  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The command object picocli filled in, without running it (running would load the configuration). */
  @SuppressWarnings("unchecked")
  private static <T> T parsed(String... args) {
    ParseResult result = Main.commandLine().parseArgs(args);
    return (T) result.subcommand().commandSpec().userObject();
  }

  private static void assertUsageError(Result r, String... parts) {
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains("Usage: Main "), "the usage follows the error: " + r.err());
    for (String part : parts) {
      assertTrue(r.err().contains(part), "'" + part + "' missing from: " + r.err());
    }
  }

  @Test
  void parsesEnvironmentConfDirFlagsAndValues() {
    MaintainCommand maintain = parsed("maintain", "--env", "prod", "--conf-dir=/etc/cdclake", "--zorder",
        "--tables", "a, b", "--vacuum-retention-hours", "200", "--raw-lookback-days=5");
    assertEquals("prod", maintain.job.env);
    assertEquals(Paths.get("/etc/cdclake"), maintain.job.confDir);
    assertTrue(maintain.zorder);
    assertFalse(maintain.noVacuum);
    assertEquals(Set.of("a", "b"), maintain.tables.names());
    assertEquals(200.0, maintain.vacuumRetentionHours);
    assertEquals(5, maintain.rawLookbackDays);

    ReplayQuarantineCommand replay = parsed("replay-quarantine", "--tables", "s.t,s.u");
    assertEquals(List.of("s.t", "s.u"), replay.sourceTables);
    IngestCommand ingest = parsed("ingest", "--available-now");
    assertTrue(ingest.availableNow);

    StatusCommand status = parsed("status", "--html", "/tmp/s.html", "--freshness-objective-minutes", "15",
        "--check");
    assertEquals(java.util.Optional.of("/tmp/s.html"), status.html);
    assertEquals(15, status.freshnessObjectiveMinutes);
    assertTrue(status.check);
    StatusCommand defaults = parsed("status");
    assertEquals(60, defaults.freshnessObjectiveMinutes);
    assertFalse(defaults.check || defaults.html.isPresent());
  }

  @Test
  void defaultsToTheLocalEnvironment() {
    CurateCommand curate = parsed("curate");
    assertEquals("local", curate.job.env);
    assertEquals(Paths.get("conf"), curate.job.confDir);
    assertTrue(curate.tables.names().isEmpty());
    assertEquals(4, curate.parallelism);
    assertEquals(8, ((CurateCommand) parsed("curate", "--parallelism", "8")).parallelism);
    MaintainCommand maintain = parsed("maintain");
    assertEquals(2, maintain.rawLookbackDays);
    assertFalse(maintain.zorder || maintain.noOptimize || maintain.noVacuum || maintain.noRawCompaction);
  }

  @Test
  void aNumberOptionNamesItselfAndWhatItTakes() {
    assertUsageError(run("curate", "--parallelism", "eight"), "'--parallelism'", "'eight'",
        "whole number of at least 1", "Usage: Main curate");
    assertUsageError(run("curate", "--parallelism", "0"), "'--parallelism'", "'0'");
    assertUsageError(run("curate", "--parallelism"), "'--parallelism'");
    assertUsageError(run("maintain", "--raw-lookback-days", "-1"), "'--raw-lookback-days'", "at least 1");
    assertUsageError(run("maintain", "--vacuum-retention-hours", "a week"), "'--vacuum-retention-hours'",
        "'a week'");
    assertUsageError(run("status", "--freshness-objective-minutes", "0"), "'--freshness-objective-minutes'",
        "at least 1", "Usage: Main status");
  }

  @Test
  void rejectsOptionsACommandDoesNotTake() {
    assertUsageError(run("curate", "--dry-rn"), "--dry-rn");
    assertUsageError(run("ingest", "--tables", "a"), "--tables", "Usage: Main ingest");
    assertUsageError(run("local-run", "--parallelism", "2"), "--parallelism");
    assertUsageError(run("status", "--tables", "a"), "--tables");
    assertUsageError(run("curate", "stray"), "'stray'");
    assertUsageError(run("curate", "--env", "prod", "--env", "local"), "'--env'");
  }

  @Test
  void requiredOptionsAreNamed() {
    assertUsageError(run("catalog-ddl"), "'--out=DIR'", "Usage: Main catalog-ddl");
    assertUsageError(run("replay-quarantine"), "'--tables=SCHEMA.TABLE'");
    assertUsageError(run("rebuild"), "rebuild needs --tables");
    assertUsageError(run("rebuild", "--tables", "payments_cards", "--reload-start", "yesterday"),
        "'--reload-start'", "'yesterday'");
  }

  @Test
  void cardNumbersInArgumentsAreNeverPrinted() {
    Result value = run("curate", "--parallelism", "4111111111111111");
    Result option = run("curate", "--4111-1111-1111-1111");
    for (Result r : List.of(value, option)) {
      assertEquals(2, r.status(), r.err());
      assertFalse(r.err().contains("4111111111111111") || r.err().contains("4111-1111-1111-1111"), r.err());
    }
  }

  @Test
  void mainReportsUsageErrorsWithExitCodeTwoAndConfigErrorsWithOne() {
    assertUsageError(run("frobnicate"), "'frobnicate'");
    assertUsageError(run(), "missing command");

    for (String help : List.of("help", "--help", "-h")) {
      Result r = run(help);
      assertEquals(0, r.status(), help);
      assertTrue(r.out().contains("Usage: Main <command>") && r.out().contains("replay-quarantine"), r.out());
    }
    Result curateHelp = run("curate", "--help");
    assertEquals(0, curateHelp.status());
    assertTrue(curateHelp.out().contains("--parallelism=N") && curateHelp.out().contains("default: 4"),
        curateHelp.out());
    assertEquals(0, run("help", "maintain").status());

    Result config = run("curate", "--env", "nosuchenv");
    assertEquals(1, config.status());
    assertTrue(config.err().startsWith("configuration error: ") && config.err().contains("nosuchenv.json does not exist"),
        config.err());
  }

  @Test
  void provisioningIsNotInTheApplicationJar() {
    assertUsageError(run("provision", "--env", "prod", "--dry-run"), "'provision'");
  }
}
