package io.cdclake.common.dms;

/**
 * Field names of the DMS JSON message written to Kinesis (MessageFormat JSON or JSON_UNFORMATTED), with
 * {@code IncludeTransactionDetails}, {@code IncludeControlDetails}, {@code IncludeTableAlterOperations} and a
 * {@code BeforeImageSettings} before-image enabled.
 */
public final class DmsFields {
  public static final String DATA = "data";
  public static final String BEFORE_IMAGE = "before-image";
  public static final String METADATA = "metadata";

  public static final String TIMESTAMP = "timestamp";
  public static final String RECORD_TYPE = "record-type";
  public static final String OPERATION = "operation";
  public static final String PARTITION_KEY_TYPE = "partition-key-type";
  public static final String SCHEMA_NAME = "schema-name";
  public static final String TABLE_NAME = "table-name";
  public static final String TRANSACTION_ID = "transaction-id";
  public static final String PREVIOUS_TRANSACTION_ID = "previous-transaction-id";
  public static final String TRANSACTION_RECORD_ID = "transaction-record-id";
  public static final String COMMIT_TIMESTAMP = "commit-timestamp";
  public static final String STREAM_POSITION = "stream-position";

  private DmsFields() {}
}
