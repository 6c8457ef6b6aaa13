package io.cdclake.common.config;

/** How the curated table keeps a key's past versions. */
public enum HistoryMode {
  /** One row per key holding its latest state. */
  LATEST,
  /** Slowly changing dimension type 2: one row per version with {@code __start_at}, {@code __end_at}, {@code __is_current}. */
  SCD2
}
