package io.cdclake.curate.table;

import io.cdclake.common.config.TableContract;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Delta table properties curate sets. The {@code cdclake.*} ones record the modes a table was built for, so a
 * contract that later asks for another mode is caught instead of silently mixing two layouts in one table.
 */
public final class CuratedTableProperties {
  public static final String DELETE_MODE = "cdclake.deleteMode";
  public static final String HISTORY_MODE = "cdclake.historyMode";
  public static final String SOURCE = "cdclake.source";

  /** Delta's automatic manifest hook; curate does not set it, but must clear it before enabling deletion vectors. */
  public static final String SYMLINK_MANIFEST = "delta.compatibility.symlinkFormatManifest.enabled";
  public static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  private CuratedTableProperties() {}

  /** Properties of a new table for this contract. */
  public static Map<String, String> forNewTable(TableContract contract) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(DELETE_MODE, modeName(contract.deleteMode()));
    p.put(HISTORY_MODE, modeName(contract.historyMode()));
    p.put(SOURCE, contract.sourceId());
    if (contract.deletionVectors()) {
      p.put(DELETION_VECTORS, "true");
    }
    // Not SYMLINK_MANIFEST: its post-commit hook rewrites the manifest after every commit (a dozen Spark jobs per
    // merge on a partitioned table); curate generates it once per run instead (CuratedTable#refreshManifest).
    return p;
  }

  public static String modeName(Enum<?> mode) {
    return mode.name().toLowerCase(Locale.ROOT);
  }
}
