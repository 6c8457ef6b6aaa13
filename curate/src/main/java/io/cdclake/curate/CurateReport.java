package io.cdclake.curate;

import io.cdclake.common.metrics.Metric;
import java.util.List;
import java.util.Optional;

/** What a curate run did, table by table. */
public record CurateReport(List<TableReport> tables) {
  public CurateReport {
    tables = List.copyOf(tables);
  }

  public Optional<TableReport> table(String curatedTable) {
    return tables.stream().filter(t -> t.curatedTable().equals(curatedTable)).findFirst();
  }

  /** Whether any table failed: the scheduler should mark the run failed (quarantine alone is not a failure). */
  public boolean hasFailures() {
    return tables.stream().anyMatch(t -> t.status() == TableReport.Status.FAILED);
  }

  public boolean hasQuarantine() {
    return tables.stream().anyMatch(t -> t.status() == TableReport.Status.QUARANTINED);
  }

  /**
   * The run's figures without a table dimension, so that one alarm per environment watches every table: tables
   * failed, changes held, and that the run happened at all (an alarm on missing {@code TablesCurated} data is the
   * "curate has not run" alarm).
   */
  public List<Metric> metrics(java.time.Duration wall) {
    return List.of(
        Metric.count("TablesCurated", tables.size()),
        Metric.count("TablesFailed", tables.stream().filter(t -> t.status() == TableReport.Status.FAILED).count()),
        Metric.count("Quarantined", tables.stream().mapToLong(TableReport::quarantined).sum()),
        Metric.count("RawChangesRead", tables.stream().mapToLong(TableReport::rawChangesRead).sum()),
        Metric.millis("RunMillis", wall.toMillis()));
  }

  public String summary() {
    StringBuilder sb = new StringBuilder("curate: ").append(tables.size()).append(" table(s)");
    for (TableReport t : tables) {
      sb.append(System.lineSeparator()).append("  ").append(t.summary());
    }
    return sb.toString();
  }
}
