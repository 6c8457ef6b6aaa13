package io.cdclake.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the lake shows of one table.
 *
 * @param curatedTable         curated table name
 * @param sourceId             {@code schema.table} at the source
 * @param health               verdict of {@link HealthRule}
 * @param reason               why, in words
 * @param freshnessObjectiveMinutes the objective the verdict used
 * @param newestSourceChange   source commit time of the newest change visible in the curated table
 * @param newestArrival        when the newest applied change reached the stream (the last ingest that curate saw)
 * @param lastCommit           time of the curated table's latest commit
 * @param lastRun              the table's latest curate run, when the run log has one in the window read
 * @param rows                 rows in the curated table (versions in SCD2 tables), -1 without a table
 * @param ingestQuarantined    records of the table in ingest's quarantine
 * @param curateQuarantined    raw changes of the table held by curate
 * @param freshnessHistory     freshness after each recent run that applied changes, oldest first
 */
public record TableStatus(
    String curatedTable,
    String sourceId,
    Health health,
    String reason,
    long freshnessObjectiveMinutes,
    Optional<Instant> newestSourceChange,
    Optional<Instant> newestArrival,
    Optional<Instant> lastCommit,
    Optional<RunOutcome> lastRun,
    long rows,
    long ingestQuarantined,
    long curateQuarantined,
    List<FreshnessPoint> freshnessHistory) {

  public TableStatus {
    freshnessHistory = List.copyOf(freshnessHistory);
  }

  /** Seconds from the newest visible source change to {@code now}. */
  public Optional<Long> freshnessSeconds(Instant now) {
    return newestSourceChange.map(t -> Math.max(0, now.getEpochSecond() - t.getEpochSecond()));
  }

  /** One curate run's outcome for the table, from the run log. */
  public record RunOutcome(Instant started, String status, long rawChanges, String messages) {}

  /** Freshness right after a run. */
  public record FreshnessPoint(Instant at, double seconds) {}
}
