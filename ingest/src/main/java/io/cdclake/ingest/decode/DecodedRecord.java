package io.cdclake.ingest.decode;

import java.util.Map;

/**
 * One source record after decoding: where it goes ({@link #kind}), why if to quarantine, and the envelope fields
 * the raw zone stores. Values are text exactly as sent; timestamps are microseconds since the epoch, UTC.
 */
public record DecodedRecord(
    Kind kind,
    QuarantineReason reason,
    String detail,
    String recordType,
    String operation,
    String schemaName,
    String tableName,
    Long dmsTimestampMicros,
    Long commitTimestampMicros,
    String transactionId,
    String previousTransactionId,
    Long transactionRecordId,
    String streamPosition,
    Map<String, String> metadata,
    Map<String, String> data,
    Map<String, String> beforeImage) {

  /** Where a record goes. */
  public enum Kind {
    DATA("data"), CONTROL("control"), QUARANTINE("quarantine");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  static DecodedRecord quarantine(QuarantineReason reason, String detail) {
    return new DecodedRecord(Kind.QUARANTINE, reason, detail, null, null, null, null, null, null, null, null, null,
        null, null, null, null);
  }

  /** The same record sent to quarantine, its envelope fields kept for the quarantine row. */
  DecodedRecord toQuarantine(QuarantineReason why, String text) {
    return new DecodedRecord(Kind.QUARANTINE, why, text, recordType, operation, schemaName, tableName,
        dmsTimestampMicros, commitTimestampMicros, transactionId, previousTransactionId, transactionRecordId,
        streamPosition, null, null, null);
  }

  /** {@code schema.table}. */
  public String sourceId() {
    return schemaName + "." + tableName;
  }
}
