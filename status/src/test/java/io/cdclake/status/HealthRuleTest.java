package io.cdclake.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthRuleTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final Duration HOUR = Duration.ofMinutes(60);

  private static Optional<TableStatus.RunOutcome> run(String status, long minutesAgo) {
    return Optional.of(new TableStatus.RunOutcome(NOW.minusSeconds(minutesAgo * 60), status, 3, ""));
  }

  private static Optional<Instant> ago(long minutes) {
    return Optional.of(NOW.minusSeconds(minutes * 60));
  }

  private static HealthRule.Verdict verdict(boolean exists, Optional<TableStatus.RunOutcome> run,
      Optional<Instant> newest, long held, Optional<Instant> ingest) {
    return HealthRule.of(exists, run, newest, held, ingest, HOUR, NOW);
  }

  @Test
  void freshWithinTheObjectiveIsOk() {
    assertEquals(Health.OK, verdict(true, run("OK", 5), ago(10), 0, ago(1)).health());
  }

  @Test
  void aFailedLastRunIsFailingWhateverElseHolds() {
    HealthRule.Verdict v = HealthRule.of(true, Optional.of(new TableStatus.RunOutcome(NOW, "FAILED", 0,
        "merge conflict")), ago(1), 0, ago(1), HOUR, NOW);
    assertEquals(Health.FAILING, v.health());
    assertTrue(v.reason().contains("merge conflict"), v.reason());
    assertEquals(Health.FAILING, verdict(false, run("FAILED", 1), Optional.empty(), 0, ago(1)).health(),
        "even before its table exists");
  }

  @Test
  void lateWithTheStreamOrCurateStoppedIsStaleAndSaysWhich() {
    HealthRule.Verdict noIngest = verdict(true, run("OK", 5), ago(90), 0, ago(75));
    assertEquals(Health.STALE, noIngest.health());
    assertTrue(noIngest.reason().contains("no ingest batch for 1 h 15 min"), noIngest.reason());
    HealthRule.Verdict noCurate = verdict(true, run("OK", 120), ago(130), 0, ago(1));
    assertEquals(Health.STALE, noCurate.health());
    assertTrue(noCurate.reason().contains("no curate run for 2 h"), noCurate.reason());
    assertEquals(Health.STALE, verdict(true, Optional.empty(), ago(130), 0, ago(1)).health(),
        "no run in the log at all");
  }

  @Test
  void lateWhileStreamAndCurateRunIsAQuietSource() {
    HealthRule.Verdict v = verdict(true, run("OK", 5), ago(600), 0, ago(1));
    assertEquals(Health.QUIET, v.health());
    assertEquals(Health.QUIET, verdict(true, run("OK", 5), Optional.empty(), 0, ago(1)).health(), "empty table");
  }

  @Test
  void heldRecordsOutrankQuietAndOkButNotStale() {
    assertEquals(Health.QUARANTINED, verdict(true, run("QUARANTINED", 5), ago(10), 4, ago(1)).health());
    assertEquals(Health.QUARANTINED, verdict(true, run("OK", 5), ago(600), 4, ago(1)).health());
    assertEquals(Health.STALE, verdict(true, run("OK", 5), ago(600), 4, ago(90)).health());
  }

  @Test
  void noTableYetIsNoData() {
    assertEquals(Health.NO_DATA, verdict(false, Optional.empty(), Optional.empty(), 0, ago(1)).health());
  }
}
