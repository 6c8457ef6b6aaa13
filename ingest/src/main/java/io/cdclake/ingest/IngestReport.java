package io.cdclake.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an ingest run wrote: rows per source table ({@code schema.table}), records quarantined (by reason),
 * control records kept, and how many micro-batches and records that took.
 */
public record IngestReport(
    long batches,
    long recordsIn,
    Map<String, Long> rowsWritten,
    long quarantined,
    Map<String, Long> quarantinedByReason,
    long controlRecords) {

  public IngestReport {
    rowsWritten = Map.copyOf(rowsWritten);
    quarantinedByReason = Map.copyOf(quarantinedByReason);
  }

  public long rowsWritten(String sourceId) {
    return rowsWritten.getOrDefault(sourceId, 0L);
  }

  public long totalRowsWritten() {
    return rowsWritten.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Multi-line summary for the console; counts only, never data. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("ingest: ").append(batches).append(" micro-batch(es), ").append(recordsIn).append(" record(s) in\n");
    new TreeMap<>(rowsWritten).forEach((table, n) ->
        sb.append("  ").append(table).append(": ").append(n).append(" row(s) written\n"));
    sb.append("  control records: ").append(controlRecords).append('\n');
    sb.append("  quarantined: ").append(quarantined);
    if (!quarantinedByReason.isEmpty()) {
      sb.append(' ').append(new TreeMap<>(quarantinedByReason));
    }
    return sb.append('\n').toString();
  }

  @Override
  public String toString() {
    return render();
  }
}
