package io.cdclake.ingest.decode;

/** Why a record went to quarantine instead of the raw zone; the code is stored in the quarantine's reason column. */
public enum QuarantineReason {
  /** Not JSON, or JSON that does not fit the DMS envelope (e.g. {@code data} is not an object). */
  MALFORMED_JSON("malformed_json"),
  /** JSON without the DMS metadata the pipeline routes on: no metadata, unknown record type or operation, no
   * schema or table, no or unreadable timestamp, a data record without data. */
  UNKNOWN_SHAPE("unknown_shape"),
  /** A data record of a table that has no data contract in {@code conf/contracts}. */
  UNCONFIGURED_TABLE("unconfigured_table"),
  /** A declared column whose value cannot be read as the contract's type (e.g. "abc" for a bigint). */
  TYPE_MISMATCH("type_mismatch"),
  /** A data record whose primary-key columns are not all present. */
  MISSING_PRIMARY_KEY("missing_primary_key");

  private final String code;

  QuarantineReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
