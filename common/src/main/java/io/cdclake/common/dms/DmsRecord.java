package io.cdclake.common.dms;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One DMS change or control record, as the JVM sees it: used to generate records (test data, load generator)
 * and as the reference the Spark decoder is tested against. Column values are kept as JSON scalars
 * (String, Number, Boolean or null) in source column order.
 *
 * @param data          row image after the change (before the delete, for deletes); empty for control records
 * @param beforeImage   row image before an update, when the task has a before-image configured
 * @param recordType    data or control
 * @param operation     what happened
 * @param schemaName    source schema
 * @param tableName     source table
 * @param timestamp     DMS timestamp of the record
 * @param transaction   transaction details, when the task includes them
 */
public record DmsRecord(
    Map<String, Object> data,
    Optional<Map<String, Object>> beforeImage,
    RecordType recordType,
    DmsOperation operation,
    String schemaName,
    String tableName,
    Instant timestamp,
    Optional<Transaction> transaction) {

  public DmsRecord {
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    beforeImage = beforeImage.map(b -> Collections.unmodifiableMap(new LinkedHashMap<>(b)));
  }

  /**
   * Transaction details ({@code IncludeTransactionDetails}).
   *
   * @param transactionId         source transaction id
   * @param previousTransactionId id of the transaction committed before this one
   * @param transactionRecordId   offset of the record within its transaction
   * @param commitTimestamp       source commit time
   * @param streamPosition        source log position (LSN, binlog position, SCN…), opaque
   */
  public record Transaction(
      String transactionId,
      Optional<String> previousTransactionId,
      long transactionRecordId,
      Instant commitTimestamp,
      Optional<String> streamPosition) {}

  public static DmsRecord data(DmsOperation op, String schema, String table, Instant ts, Map<String, Object> row) {
    if (!op.isData()) {
      throw new IllegalArgumentException(op + " is a control operation");
    }
    return new DmsRecord(row, Optional.empty(), RecordType.DATA, op, schema, table, ts, Optional.empty());
  }

  public static DmsRecord control(DmsOperation op, String schema, String table, Instant ts) {
    if (op.isData()) {
      throw new IllegalArgumentException(op + " is a data operation");
    }
    return new DmsRecord(Map.of(), Optional.empty(), RecordType.CONTROL, op, schema, table, ts, Optional.empty());
  }

  public DmsRecord withBeforeImage(Map<String, Object> before) {
    return new DmsRecord(data, Optional.of(before), recordType, operation, schemaName, tableName, timestamp,
        transaction);
  }

  public DmsRecord withTransaction(Transaction tx) {
    return new DmsRecord(data, beforeImage, recordType, operation, schemaName, tableName, timestamp,
        Optional.of(tx));
  }
}
