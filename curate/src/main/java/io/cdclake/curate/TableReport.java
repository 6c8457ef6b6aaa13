package io.cdclake.curate;

import io.cdclake.curate.merge.MergeCounts;
import io.cdclake.curate.table.ReadMode;
import io.cdclake.common.metrics.PhaseTimes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    Map<String, Long> phaseMillis) {

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
