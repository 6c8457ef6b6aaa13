package io.cdclake.curate.table;

/** How Athena can read a curated table. */
public enum ReadMode {
  /** Curate keeps {@code _symlink_format_manifest/} current: readable as a Hive table or as native Delta. */
  SYMLINK_MANIFEST,
  /** The table uses deletion vectors, which a manifest cannot express: readable as a native Delta table only. */
  NATIVE_DELTA_ONLY
}
