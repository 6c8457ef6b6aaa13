package io.cdclake.curate;

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

  public String summary() {
    StringBuilder sb = new StringBuilder("curate: ").append(tables.size()).append(" table(s)");
    for (TableReport t : tables) {
      sb.append(System.lineSeparator()).append("  ").append(t.summary());
    }
    return sb.toString();
  }
}
