package io.cdclake.common.dms;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code metadata.operation} values DMS writes. Data operations carry a row in {@code data}; control
 * operations describe the task or a table (DDL) and are kept for audit, never applied as rows.
 */
public enum DmsOperation {
  LOAD("load", true),
  INSERT("insert", true),
  UPDATE("update", true),
  DELETE("delete", true),
  CREATE_TABLE("create-table", false),
  DROP_TABLE("drop-table", false),
  RENAME_TABLE("rename-table", false),
  TRUNCATE_TABLE("truncate-table", false),
  ADD_COLUMN("add-column", false),
  DROP_COLUMN("drop-column", false),
  RENAME_COLUMN("rename-column", false),
  CHANGE_COLUMNS("change-columns", false),
  COLUMN_TYPE_CHANGE("column-type-change", false);

  private final String wireName;
  private final boolean data;

  DmsOperation(String wireName, boolean data) {
    this.wireName = wireName;
    this.data = data;
  }

  /** The exact string in {@code metadata.operation}. */
  public String wireName() {
    return wireName;
  }

  public boolean isData() {
    return data;
  }

  public static Optional<DmsOperation> fromWire(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (DmsOperation op : values()) {
      if (op.wireName.equals(v)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
