package io.cdclake.ops.dms;

import java.util.Locale;

/** Which columns DMS puts in the before-image of an update ({@code BeforeImageSettings.ColumnFilter}). */
public enum BeforeImageColumns {
  /**
   * Primary-key columns only: enough for curate to follow a primary-key change, and the least cardholder data
   * on the stream. The default.
   */
  PK_ONLY,
  /** Every column with a before value (LOBs excepted): needed only by consumers that diff old and new rows. */
  ALL;

  /** The value DMS expects, e.g. {@code pk-only}. */
  public String dmsValue() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static BeforeImageColumns parse(String text) {
    for (BeforeImageColumns v : values()) {
      if (v.dmsValue().equalsIgnoreCase(text.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException("before-image columns '" + text + "': expected pk-only or all");
  }
}
