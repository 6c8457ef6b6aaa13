package io.cdclake.catalog;

import io.cdclake.common.config.CatalogFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome for one curated table.
 *
 * @param table             curated table name
 * @param action            what was done
 * @param format            the Athena format registered (empty in the local Spark catalog, and when skipped or
 *                          failed before the format was known)
 * @param deltaVersion      the Delta version registered, -1 when there is no Delta table
 * @param partitionsAdded   Glue partitions created (manifest format)
 * @param partitionsUpdated Glue partitions rewritten
 * @param partitionsRemoved Glue partitions dropped (their manifest directory is gone)
 * @param notes             what changed, why it was skipped, or the error
 */
public record TableSyncResult(
    String table,
    SyncAction action,
    Optional<CatalogFormat> format,
    long deltaVersion,
    int partitionsAdded,
    int partitionsUpdated,
    int partitionsRemoved,
    List<String> notes) {

  public TableSyncResult {
    notes = List.copyOf(notes);
  }

  public static TableSyncResult skipped(String table, String reason) {
    return new TableSyncResult(table, SyncAction.SKIPPED, Optional.empty(), -1, 0, 0, 0, List.of(reason));
  }

  public static TableSyncResult failed(String table, String error) {
    return new TableSyncResult(table, SyncAction.FAILED, Optional.empty(), -1, 0, 0, 0, List.of(error));
  }

  /** One line for logs and the command's output. */
  public String summary() {
    StringBuilder s = new StringBuilder(table).append(": ").append(action.name().toLowerCase(Locale.ROOT));
    format.ifPresent(f -> s.append(" (").append(f.name().toLowerCase(Locale.ROOT)).append(')'));
    if (deltaVersion >= 0) {
      s.append(" at Delta version ").append(deltaVersion);
    }
    if (partitionsAdded + partitionsUpdated + partitionsRemoved > 0) {
      s.append("; partitions +").append(partitionsAdded).append(" ~").append(partitionsUpdated)
          .append(" -").append(partitionsRemoved);
    }
    if (!notes.isEmpty()) {
      s.append("; ").append(String.join("; ", notes));
    }
    return s.toString();
  }
}
