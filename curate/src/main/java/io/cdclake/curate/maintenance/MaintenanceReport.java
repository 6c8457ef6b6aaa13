package io.cdclake.curate.maintenance;

import java.util.List;

/** What a maintenance run did, table by table. */
public record MaintenanceReport(List<TableMaintenanceReport> tables) {
  public MaintenanceReport {
    tables = List.copyOf(tables);
  }

  public boolean hasFailures() {
    return tables.stream().anyMatch(t -> t.error().isPresent());
  }

  public String summary() {
    StringBuilder sb = new StringBuilder("maintenance: ").append(tables.size()).append(" table(s)");
    for (TableMaintenanceReport t : tables) {
      sb.append(System.lineSeparator()).append("  ").append(t.summary());
    }
    return sb.toString();
  }
}
