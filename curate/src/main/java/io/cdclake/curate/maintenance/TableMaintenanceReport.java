package io.cdclake.curate.maintenance;

import java.util.Optional;

/**
 * Maintenance of one curated table.
 *
 * @param curatedTable     table name
 * @param filesBefore      data files in the current snapshot before OPTIMIZE
 * @param filesAfter       data files in the current snapshot after it
 * @param filesRemoved     files OPTIMIZE compacted away
 * @param filesAdded       files OPTIMIZE wrote
 * @param vacuumed         whether VACUUM ran
 * @param tombstonesPruned delete tombstones dropped by the retention
 * @param deltaVersion     table version afterwards
 * @param error            why maintenance failed, if it did
 */
public record TableMaintenanceReport(
    String curatedTable,
    long filesBefore,
    long filesAfter,
    long filesRemoved,
    long filesAdded,
    boolean vacuumed,
    long tombstonesPruned,
    long deltaVersion,
    Optional<String> error) {

  public String summary() {
    return error.map(e -> curatedTable + ": FAILED - " + e).orElseGet(() -> String.format(
        "%s: %d -> %d file(s) (%d compacted into %d), vacuum %s, %d tombstone(s) pruned, version %d",
        curatedTable, filesBefore, filesAfter, filesRemoved, filesAdded, vacuumed ? "done" : "skipped",
        tombstonesPruned, deltaVersion));
  }
}
