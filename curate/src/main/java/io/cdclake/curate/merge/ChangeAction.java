package io.cdclake.curate.merge;

/** What a classified change does to the curated table. */
enum ChangeAction {
  /** A key the table does not hold gets a row. */
  INSERT,
  /** A held key's row is replaced (or, soft mode, revived). */
  UPDATE,
  /** A held key's row is removed (hard) or marked deleted (soft). */
  DELETE,
  /** A delete of a key the table does not hold: hard mode only remembers it, soft mode inserts a tombstone row. */
  DELETE_UNKNOWN,
  /**
   * Soft mode: not newer than the row, which a key-only delete left with older values than those this batch knows
   * of the key: the values are filled in, the row stays deleted.
   */
  LATE_VALUES,
  /** Older than the table's state for the key: ignored. */
  LATE,
  /** The table already reflects exactly this change. */
  ALREADY_APPLIED;

  static final String COLUMN = "__cdc_action";
}
