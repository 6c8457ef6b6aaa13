package io.cdclake.ingest.write;

import io.cdclake.common.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of one micro-batch, for the progress log and the run report.
 *
 * @param batchId        micro-batch id
 * @param recordsIn      source records in the batch
 * @param rowsWritten    raw rows published per source table
 * @param quarantined    records quarantined per reason code
 * @param controlRecords control records kept
 * @param millis         wall time of decoding and publishing the batch
 * @param phaseMillis    wall time per phase, in order: {@code decode} (decode and count into the cached batch; only
 *                       for a batch counted before its write), {@code raw} (the raw-zone append and commit, and the
 *                       decode when the append decodes), {@code quarantine} (when any)
 */
public record BatchCounts(
    long batchId,
    long recordsIn,
    Map<String, Long> rowsWritten,
    Map<String, Long> quarantined,
    long controlRecords,
    long millis,
    Map<String, Long> phaseMillis) {

  public BatchCounts {
    rowsWritten = Map.copyOf(rowsWritten);
    quarantined = Map.copyOf(quarantined);
    phaseMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseMillis));
  }

  public long quarantinedTotal() {
    return quarantined.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The batch's figures for the metrics sink: records in, rows written, quarantined, control records, batch time
   * and each phase's time. Counts only, never a table's values; per-table rows stay in the log line (one metric
   * per table would cost CloudWatch a series per table for every batch).
   */
  public List<Metric> metrics() {
    List<Metric> out = new ArrayList<>(List.of(
        Metric.count("RecordsIn", recordsIn),
        Metric.count("RowsWritten",
            rowsWritten.values().stream().mapToLong(Long::longValue).sum()),
        Metric.count("Quarantined", quarantinedTotal()),
        Metric.count("ControlRecords", controlRecords),
        Metric.count("Tables", rowsWritten.size()),
        Metric.millis("BatchMillis", millis)));
    phaseMillis.forEach((phase, ms) -> out.add(Metric.millis(
        Character.toUpperCase(phase.charAt(0)) + phase.substring(1) + "Millis", ms)));
    return out;
  }

  /** One log line, counts only. */
  public String describe() {
    return "ingest batch " + batchId + ": " + recordsIn + " record(s) in, rows written " + new TreeMap<>(rowsWritten)
        + ", control " + controlRecords + ", quarantined " + quarantinedTotal()
        + (quarantined.isEmpty() ? "" : " " + new TreeMap<>(quarantined)) + ", " + millis + " ms " + phaseMillis;
  }
}
