package io.cdclake.curate;

import io.cdclake.curate.merge.MergeCounts;
import io.cdclake.curate.table.ReadMode;
import io.cdclake.common.metrics.PhaseTimes;
import io.cdclake.common.metrics.Metric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one curate run did to one table.
 *
 * @param curatedTable      curated table name
 * @param status            outcome
 * @param rawChangesRead    raw rows read this run (new raw files, plus rows released from quarantine)
 * @param counts            what the merges did
 * @param quarantined       raw rows held in quarantine this run
 * @param releasedFromQuarantine raw rows applied this run after having been held in an earlier one
 * @param deltaVersion      table version after the run, -1 when the table could not be read
 * @param readMode          how Athena can read the table
 * @param messages          problems (schema conflicts, errors), never row values
 * @param phaseMillis       wall time per phase of the run ({@link PhaseTimes}), batches added up
 * @param newestSourceChange source time of the newest change the run applied
 * @param newestArrival     when the newest change the run applied reached the stream
 */
public record TableReport(
    String curatedTable,
    Status status,
    long rawChangesRead,
    MergeCounts counts,
    long quarantined,
    long releasedFromQuarantine,
    long deltaVersion,
    ReadMode readMode,
    List<String> messages,
    Map<String, Long> phaseMillis,
    Optional<Instant> newestSourceChange,
    Optional<Instant> newestArrival) {

  public TableReport {
    messages = List.copyOf(messages);
    phaseMillis = Collections.unmodifiableMap(new LinkedHashMap<>(phaseMillis));
  }

  public enum Status {
    /** Every raw change was applied (or there was none). */
    OK,
    /** Some changes are held in quarantine; the rest applied. */
    QUARANTINED,
    /** The run failed for this table; its checkpoint keeps the failed batch for the next run. */
    FAILED
  }

  /**
   * The run's figures for the metrics sink. {@code FreshnessSeconds} (now minus the source time of the newest
   * change this run applied) only when the run applied changes: a quiet source has no figure, which an alarm on
   * missing data tells apart from a stale one.
   */
  public List<Metric> metrics(Instant now) {
    List<Metric> out = new ArrayList<>(List.of(
        Metric.count("RawChangesRead", rawChangesRead),
        Metric.count("RowsInserted", counts.inserted()),
        Metric.count("RowsUpdated", counts.updated()),
        Metric.count("RowsDeleted", counts.deleted()),
        Metric.count("LateIgnored", counts.lateIgnored()),
        Metric.count("Quarantined", quarantined),
        Metric.count("Released", releasedFromQuarantine),
        Metric.count("Failed", status == Status.FAILED ? 1 : 0),
        Metric.millis("RunMillis", phaseMillis.values().stream().mapToLong(Long::longValue).sum())));
    newestSourceChange.ifPresent(t -> out.add(Metric.seconds("FreshnessSeconds",
        Math.max(0, java.time.Duration.between(t, now).toMillis() / 1000.0))));
    return out;
  }

  public long rowsInserted() {
    return counts.inserted();
  }

  public long rowsUpdated() {
    return counts.updated();
  }

  public long rowsDeleted() {
    return counts.deleted();
  }

  public long lateChangesIgnored() {
    return counts.lateIgnored();
  }

  public String summary() {
    return String.format("%s: %s, %d raw change(s) read, %d inserted, %d updated, %d deleted, %d late ignored,"
            + " %d late backfilled, %d already applied, %d quarantined, %d released, version %d, %s%s%s",
        curatedTable, status, rawChangesRead, counts.inserted(), counts.updated(), counts.deleted(),
        counts.lateIgnored(), counts.lateBackfilled(), counts.alreadyApplied(), quarantined,
        releasedFromQuarantine, deltaVersion, readMode,
        phaseMillis.isEmpty() ? "" : " [" + PhaseTimes.render(phaseMillis) + "]",
        messages.isEmpty() ? "" : " - " + String.join("; ", messages));
  }
}
