package io.cdclake.common.config;

/**
 * Where a contracted table's records come from, beyond its name: the {@link SourceDatabase} and the options that
 * only some databases have.
 *
 * @param database     the kind of source database
 * @param documentMode DocumentDB only: DMS runs in document mode (each record holds {@code _id} and the whole
 *                     document as {@code _doc}), so declared columns are read from inside {@code _doc}; false for
 *                     DMS's table mode (the document's fields flattened into columns) and every other database
 * @param ttlDeletes   DynamoDB only: what a delete made by the table's time to live does to the curated table
 */
public record SourceOptions(SourceDatabase database, boolean documentMode, TtlDeletes ttlDeletes) {
  /** A relational table through DMS, the default. */
  public static final SourceOptions RELATIONAL = new SourceOptions(SourceDatabase.RELATIONAL, false, TtlDeletes.APPLY);

  public SourceOptions {
    if (database == null) {
      database = SourceDatabase.RELATIONAL;
    }
    if (ttlDeletes == null) {
      ttlDeletes = TtlDeletes.APPLY;
    }
    if (documentMode && database != SourceDatabase.DOCUMENTDB) {
      throw new IllegalArgumentException("document mode is a DocumentDB option, not one of " + database);
    }
  }

  /** What a DynamoDB time-to-live delete (made by the service, not by a user) does. */
  public enum TtlDeletes {
    /** Deletes the row like any other delete (the default: the lake mirrors the table). */
    APPLY,
    /** Keeps the row as it was: the item expired at the source, but the lake keeps it (audit, history). */
    IGNORE
  }
}
