package io.cdclake.common.config;

/** What a source delete does to the curated row. */
public enum DeleteMode {
  /** The row is removed from the curated table. */
  HARD,
  /** The row stays, flagged with {@code _deleted = true} and {@code _deleted_at}. */
  SOFT
}
