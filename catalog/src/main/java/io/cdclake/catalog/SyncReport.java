package io.cdclake.catalog;

import io.cdclake.common.config.CatalogMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one catalog sync did.
 *
 * @param target   Glue or the local Spark catalog
 * @param database catalog database
 * @param tables   one result per contract, in contract order
 */
public record SyncReport(CatalogMode target, String database, List<TableSyncResult> tables) {
  public SyncReport {
    tables = List.copyOf(tables);
  }

  public List<TableSyncResult> failures() {
    return tables.stream().filter(t -> t.action() == SyncAction.FAILED).toList();
  }

  public long count(SyncAction action) {
    return tables.stream().filter(t -> t.action() == action).count();
  }

  public TableSyncResult table(String name) {
    return tables.stream().filter(t -> t.table().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no table " + name + " in this report"));
  }

  /**
   * Throws when any table failed, so a scheduler marks the run failed; the other tables were still synced.
   */
  public SyncReport requireSuccess() {
    List<TableSyncResult> failed = failures();
    if (!failed.isEmpty()) {
      throw new CatalogException("catalog sync failed for " + failed.size() + " of " + tables.size() + " tables:\n  "
          + failed.stream().map(TableSyncResult::summary).collect(Collectors.joining("\n  ")));
    }
    return this;
  }

  public String summary() {
    return "catalog sync (" + target.name().toLowerCase(Locale.ROOT) + ", database " + database + "): "
        + count(SyncAction.CREATED) + " created, " + count(SyncAction.UPDATED) + " updated, "
        + count(SyncAction.UNCHANGED) + " unchanged, " + count(SyncAction.SKIPPED) + " skipped, "
        + count(SyncAction.FAILED) + " failed\n  "
        + tables.stream().map(TableSyncResult::summary).collect(Collectors.joining("\n  "));
  }
}
