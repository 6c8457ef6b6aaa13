package io.cdclake.curate;

import io.cdclake.common.dms.DmsOperation;
import java.time.Instant;
import java.util.Optional;

/**
 * What a DMS control record of a curated table's source (a DDL statement DMS captured: {@code add-column},
 * {@code drop-table}, ...) means for the curated table, as one line for the run report and the log. Curate never
 * applies DDL: the contract says what the table is, and rows say what changed. But a source table that was
 * dropped, truncated or renamed, or a column renamed, dropped or retyped, leaves a curated table that no change
 * record will correct, so each such record is named with what the operator has to do. Two are routine and only
 * logged: DMS sends {@code create-table} before it (re)loads a table, and an added column reaches the table by
 * itself with its first values.
 */
record SourceDdl(String operation, String sourceId, Instant at) {

  /** Whether the operator has something to do (the report names it); else it is only logged. */
  boolean needsAction() {
    Optional<DmsOperation> op = DmsOperation.fromWire(operation);
    return op.isEmpty() || !(op.get() == DmsOperation.CREATE_TABLE || op.get() == DmsOperation.ADD_COLUMN);
  }

  /** The report line: what happened at the source, and what it does or does not do to the curated table. */
  String message(String curatedTable) {
    String when = at == null ? "" : " at " + at;
    return "source DDL " + operation + " on " + sourceId + when + ": " + consequence(curatedTable);
  }

  private String consequence(String curatedTable) {
    Optional<DmsOperation> op = DmsOperation.fromWire(operation);
    if (op.isEmpty()) {
      return "not a DDL operation curate knows; the curated table is unchanged";
    }
    String rebuild = "reload the table in the DMS task and run `Main rebuild --tables " + curatedTable
        + " --reload-start <the reload's start time>`";
    return switch (op.get()) {
      case ADD_COLUMN -> "a new column is added to the curated table as text when its values arrive; declare it"
          + " in the contract to give it a type";
      case DROP_COLUMN -> "the column stays in the curated table and rows changed from now on show it null; remove"
          + " it from the contract when it is gone for good";
      case RENAME_COLUMN -> "the old column stays (null in rows changed from now on) and the new name arrives as a"
          + " new column; rename the declared column in the contract, then " + rebuild;
      case COLUMN_TYPE_CHANGE, CHANGE_COLUMNS -> "values are read with the contract's types; a value that no longer"
          + " fits is held in quarantine until the contract's type is changed";
      case DROP_TABLE, TRUNCATE_TABLE, RENAME_TABLE -> "curate keeps the curated table as it was, and no change"
          + " record will remove what the source no longer holds; " + rebuild;
      case CREATE_TABLE -> "DMS is (re)loading the table; nothing to do after its first load, and after a reload"
          + " meant to repair the table, once it completes: `Main rebuild --tables " + curatedTable
          + " --reload-start " + (at == null ? "<this time>" : at) + "`";
      default -> "the curated table is unchanged";
    };
  }
}
