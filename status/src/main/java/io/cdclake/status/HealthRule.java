package io.cdclake.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides a table's {@link Health} from what the lake shows, and says why in words an on-call engineer can act
 * on. Pure, so every branch is tested without a lake.
 *
 * <p>Freshness alone cannot tell a quiet source from a dead pipeline: both leave the newest change old. A table
 * older than its objective is therefore {@link Health#QUIET} only when both halves of the pipeline are provably
 * alive for it: the stream committed a batch within the objective, and the table's latest curate run started
 * within the objective and did not fail (so it applied everything the stream had for the table). Otherwise it is
 * {@link Health#STALE}.
 */
public final class HealthRule {
  private HealthRule() {}

  /** A verdict and its reason. */
  public record Verdict(Health health, String reason) {}

  /**
   * @param tableExists      whether the curated table exists
   * @param lastRun          the table's latest run in the run log
   * @param newestChange     the newest change visible in the table (none for an empty table)
   * @param quarantined      records of the table held in either quarantine
   * @param lastIngestCommit the stream's latest batch commit
   * @param objective        the freshness objective
   */
  public static Verdict of(boolean tableExists, Optional<TableStatus.RunOutcome> lastRun,
      Optional<Instant> newestChange, long quarantined, Optional<Instant> lastIngestCommit, Duration objective,
      Instant now) {
    if (lastRun.isPresent() && "FAILED".equals(lastRun.get().status())) {
      String why = lastRun.get().messages();
      return new Verdict(Health.FAILING, "last curate run (" + lastRun.get().started() + ") failed"
          + (why.isEmpty() ? "" : ": " + why));
    }
    if (!tableExists) {
      return new Verdict(Health.NO_DATA, "no curated table yet (no curate run has applied a change)");
    }
    boolean late = newestChange.isEmpty() || Duration.between(newestChange.get(), now).compareTo(objective) > 0;
    boolean streamAlive = lastIngestCommit.filter(t -> within(t, objective, now)).isPresent();
    boolean curateAlive = lastRun.filter(r -> within(r.started(), objective, now)).isPresent();
    if (late && !(streamAlive && curateAlive)) {
      return new Verdict(Health.STALE, (newestChange.isEmpty() ? "no change in the table"
          : "newest change is " + Durations.words(Duration.between(newestChange.get(), now)) + " old")
          + ", over the " + Durations.words(objective) + " objective; "
          + (streamAlive ? "" : "no ingest batch " + since(lastIngestCommit, objective, now) + "; ")
          + (curateAlive ? "" : "no curate run " + since(lastRun.map(TableStatus.RunOutcome::started), objective, now)));
    }
    if (quarantined > 0) {
      return new Verdict(Health.QUARANTINED, quarantined + " record(s) held in quarantine");
    }
    if (late) {
      return new Verdict(Health.QUIET, "no source change for " + (newestChange.isEmpty() ? "ever"
          : Durations.words(Duration.between(newestChange.get(), now))) + "; stream and curate are running");
    }
    return new Verdict(Health.OK, "within the " + Durations.words(objective) + " objective");
  }

  private static String since(Optional<Instant> t, Duration objective, Instant now) {
    return t.map(x -> "for " + Durations.words(Duration.between(x, now))).orElse("in the window read")
        + " (objective " + Durations.words(objective) + ")";
  }

  private static boolean within(Instant t, Duration objective, Instant now) {
    return Duration.between(t, now).compareTo(objective) <= 0;
  }
}
