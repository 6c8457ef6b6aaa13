package io.cdclake.common.config;

/** How a curated Delta table is exposed to Athena through the Glue Data Catalog. */
public enum CatalogFormat {
  /**
   * A Hive table over the table's {@code _symlink_format_manifest/}: readable by every Hive-compatible engine
   * (Athena v2 and v3, Redshift Spectrum, Presto), but only for tables without deletion vectors or column mapping.
   */
  MANIFEST,
  /** Athena's native Delta table ({@code table_type = DELTA}): Athena reads the Delta log itself. */
  NATIVE
}
