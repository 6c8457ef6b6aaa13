package io.cdclake.curate;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.LakePaths;

/** Where curate keeps its own state for a table, all derived from {@link LakePaths}. */
public final class CuratePaths {
  private CuratePaths() {}

  /** The raw-zone stream checkpoint: up to which raw Delta version the table has been merged. */
  public static String checkpoint(LakePaths paths, TableContract contract) {
    return paths.checkpoint("curate-raw/" + contract.curatedTable());
  }

  /** Curate's own state of a table: tombstones, the manifest marker. */
  public static String state(LakePaths paths, TableContract contract) {
    return paths.checkpoint("curate-state/" + contract.curatedTable());
  }

  static final String TOMBSTONES = "tombstones";

  /** Hard-delete tables only: the deletes applied (job state, so it lives with the checkpoints). */
  public static String tombstones(LakePaths paths, TableContract contract) {
    return state(paths, contract) + "/" + TOMBSTONES;
  }

  /** Where a rebuild builds the table's new copy before it replaces the table (removed afterwards). */
  public static String rebuildStaging(LakePaths paths, TableContract contract) {
    return paths.checkpoint("curate-rebuild/" + contract.curatedTable());
  }

  /** Raw rows held back, with the reason. */
  public static String quarantine(LakePaths paths, TableContract contract) {
    return paths.quarantine("curate") + "/" + contract.curatedTable();
  }
}
