package io.cdclake.common.dms.synth;

/**
 * DDL the generator's source goes through mid-stream, seen only in the data (the generator sends no DDL control
 * records). Each is a change record count of the stream (full load excluded) from which on:
 *
 * @param addColumnAt    rows have a new text column {@link #ADDED_COLUMN} (null in rows that existed before and
 *                       were not written since)
 * @param dropColumnAt   {@link #DROPPED_COLUMN} is no longer sent
 * @param renameColumnAt the added column is sent as {@link #RENAMED_COLUMN}
 * @param widenAt        {@link #WIDENED_COLUMN} changes type from {@code decimal(12,2)} to {@link #WIDENED_TYPE}:
 *                       the values it is written with have four decimal places
 */
public record SchemaChanges(int addColumnAt, int dropColumnAt, int renameColumnAt, int widenAt) {
  public static final String ADDED_COLUMN = "note";
  public static final String DROPPED_COLUMN = "counter";
  public static final String RENAMED_COLUMN = "memo";
  public static final String WIDENED_COLUMN = "amount";
  public static final String WIDENED_TYPE = "decimal(14,4)";
  /** For a change that never happens. */
  public static final int NEVER = Integer.MAX_VALUE;

  /** A column added and one dropped, none renamed or widened. */
  public SchemaChanges(int addColumnAt, int dropColumnAt) {
    this(addColumnAt, dropColumnAt, NEVER, NEVER);
  }

  public SchemaChanges {
    if (addColumnAt < 0 || dropColumnAt < 0 || widenAt < 0) {
      throw new IllegalArgumentException("change counts must not be negative: " + addColumnAt + ", " + dropColumnAt
          + ", " + widenAt);
    }
    if (renameColumnAt != NEVER && renameColumnAt <= addColumnAt) {
      throw new IllegalArgumentException("the added column can be renamed only after it is added (change "
          + addColumnAt + "), not at change " + renameColumnAt);
    }
  }
}
