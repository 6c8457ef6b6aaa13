package io.cdclake.common.dms;

import java.util.Optional;

/** {@code metadata.record-type}: a row change, or a control record about the task or a table. */
public enum RecordType {
  DATA("data"),
  CONTROL("control");

  private final String wireName;

  RecordType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<RecordType> fromWire(String value) {
    for (RecordType t : values()) {
      if (t.wireName.equals(value)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
