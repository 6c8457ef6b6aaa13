package io.cdclake.catalog;

/** What the sync did to one table's catalog entry. */
public enum SyncAction {
  /** The table was not in the catalog and now is. */
  CREATED,
  /** The entry (or its partitions) differed from the Delta table and was rewritten. */
  UPDATED,
  /** The entry already matched the Delta table; nothing was written. */
  UNCHANGED,
  /** No Delta table exists yet at the contract's curated path; nothing to register. */
  SKIPPED,
  /** The table could not be registered; the notes say why. */
  FAILED
}
