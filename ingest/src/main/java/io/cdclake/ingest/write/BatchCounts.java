package io.cdclake.ingest.write;

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
 * @param phaseMillis    wall time per phase, in order: {@code decode} (decode and count, which materialises the
 *                       cached batch), {@code raw} (the raw-zone append and commit), {@code quarantine} (when any)
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

  /** One log line, counts only. */
  public String describe() {
    return "ingest batch " + batchId + ": " + recordsIn + " record(s) in, rows written " + new TreeMap<>(rowsWritten)
        + ", control " + controlRecords + ", quarantined " + quarantinedTotal()
        + (quarantined.isEmpty() ? "" : " " + new TreeMap<>(quarantined)) + ", " + millis + " ms " + phaseMillis;
  }
}
