package io.cdclake.common.config;

/** Which metastore the curated tables are registered in. */
public enum CatalogMode {
  /** AWS Glue Data Catalog, for Athena. */
  GLUE,
  /** Spark's own session catalog (embedded metastore): the local run. */
  LOCAL
}
