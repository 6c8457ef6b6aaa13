package io.cdclake.common.config;

/**
 * How a sensitive column (PCI cardholder data) is transformed before it is written anywhere in the lake.
 * Applied at ingest, so neither the raw nor the curated zone ever holds the clear value.
 */
public enum Protection {
  /** Keyed HMAC-SHA256, hex encoded: joinable across tables, not reversible without the key. */
  HASH,
  /** Everything but the last four characters replaced by '*': for display, not for joins. */
  MASK,
  /** The column is dropped entirely. */
  DROP
}
