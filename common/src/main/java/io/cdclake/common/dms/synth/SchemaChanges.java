package io.cdclake.common.dms.synth;

/**
 * DDL the generator's source goes through mid-stream, seen only in the data (DMS sends no DDL records by default):
 * from change record {@code addColumnAt} on, rows have a new text column {@link #ADDED_COLUMN} (null in rows that
 * existed before and were not written since); from change record {@code dropColumnAt} on, {@link #DROPPED_COLUMN}
 * is no longer sent. Counts are change records of the stream, full load excluded.
 */
public record SchemaChanges(int addColumnAt, int dropColumnAt) {
  public static final String ADDED_COLUMN = "note";
  public static final String DROPPED_COLUMN = "counter";

  public SchemaChanges {
    if (addColumnAt < 0 || dropColumnAt < 0) {
      throw new IllegalArgumentException("change counts must not be negative: " + addColumnAt + ", " + dropColumnAt);
    }
  }
}
