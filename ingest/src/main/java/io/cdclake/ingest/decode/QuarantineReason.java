package io.cdclake.ingest.decode;

/** Why a record went to quarantine instead of the raw zone; the code is stored in the quarantine's reason column. */
public enum QuarantineReason {
  /** Not one JSON object: truncated, not JSON, trailing content after the object, nested too deeply. */
  MALFORMED_JSON("malformed_json"),
  /** The same key twice in one object: which value DMS meant cannot be known (a duplicated operation could turn
   * an insert into a delete), so the record is never guessed at. */
  DUPLICATE_KEY("duplicate_key"),
  /** Bytes that are not UTF-8, or text with an unpaired surrogate: storing it would change it. */
  INVALID_TEXT("invalid_text"),
  /** JSON without the DMS metadata the pipeline routes on: no metadata, unknown record type or operation, no
   * schema or table, no, unreadable or out-of-range timestamp, a data record without data. */
  UNKNOWN_SHAPE("unknown_shape"),
  /** A data record of a table that has no data contract in {@code conf/contracts}. */
  UNCONFIGURED_TABLE("unconfigured_table"),
  /** The decoder itself failed on the record (a defect): the record is kept, the stream goes on. */
  DECODE_ERROR("decode_error");

  private final String code;

  QuarantineReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
