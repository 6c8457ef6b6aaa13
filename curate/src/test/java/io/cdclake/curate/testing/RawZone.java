package io.cdclake.curate.testing;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Raw-zone rows as ingest writes them ({@link RawSchema#forTable}), built from {@link DmsRecord}s without running
 * ingest: declared columns typed by the contract, undeclared ones in {@code _extra_columns}, the before-image as
 * text, a stream sequence per record. Protection is not applied (curate does not care what the text is).
 */
public final class RawZone {
  private RawZone() {}

  /**
   * @param firstSequence stream sequence of the first record; the rest follow in list order
   */
  public static Dataset<Row> rows(SparkSession spark, TableContract contract, List<DmsRecord> records,
      long firstSequence, Instant arrival, long ingestBatch) {
    StructType full = RawSchema.forTable(contract);
    // Build with declared columns as text, then cast: the same text-to-type conversion ingest does.
    StructType text = new StructType();
    for (StructField f : full.fields()) {
      boolean declared = contract.column(f.name()).isPresent();
      text = text.add(f.name(), declared ? DataTypes.StringType : f.dataType(), f.nullable());
    }
    List<Row> rows = new ArrayList<>();
    long seq = firstSequence;
    ZonedDateTime day = arrival.atZone(ZoneOffset.UTC);
    for (DmsRecord r : records) {
      Map<String, Object> v = new HashMap<>();
      v.put(RawColumns.OP, r.operation().wireName());
      v.put(RawColumns.DMS_TIMESTAMP, Timestamp.from(r.timestamp()));
      r.transaction().ifPresent(tx -> {
        v.put(RawColumns.COMMIT_TIMESTAMP, Timestamp.from(tx.commitTimestamp()));
        v.put(RawColumns.TRANSACTION_ID, tx.transactionId());
        v.put(RawColumns.PREVIOUS_TRANSACTION_ID, tx.previousTransactionId().orElse(null));
        v.put(RawColumns.TRANSACTION_RECORD_ID, tx.transactionRecordId());
        v.put(RawColumns.STREAM_POSITION, tx.streamPosition().orElse(null));
      });
      v.put(RawColumns.STREAM_SEQUENCE, String.format("%0" + RawColumns.STREAM_SEQUENCE_WIDTH + "d", seq++));
      v.put(RawColumns.STREAM_PARTITION_KEY, r.schemaName() + "." + r.tableName());
      v.put(RawColumns.ARRIVAL_TIMESTAMP, Timestamp.from(arrival));
      v.put(RawColumns.INGEST_BATCH_ID, ingestBatch);
      r.beforeImage().ifPresent(b -> v.put(RawColumns.BEFORE_IMAGE, asText(b)));
      Map<String, String> extra = new LinkedHashMap<>();
      r.data().forEach((k, value) -> {
        if (contract.column(k).isPresent()) {
          v.put(k, value == null ? null : value.toString());
        } else {
          extra.put(k, value == null ? null : value.toString());
        }
      });
      v.put(RawColumns.EXTRA_COLUMNS, extra);
      v.put(RawColumns.YEAR, String.format("%04d", day.getYear()));
      v.put(RawColumns.MONTH, String.format("%02d", day.getMonthValue()));
      v.put(RawColumns.DAY, String.format("%02d", day.getDayOfMonth()));
      Object[] values = new Object[text.fields().length];
      for (int i = 0; i < values.length; i++) {
        Object x = v.get(text.fields()[i].name());
        values[i] = x instanceof Map<?, ?> m ? scalaMap(m) : x;
      }
      rows.add(RowFactory.create(values));
    }
    Dataset<Row> df = spark.createDataFrame(rows, text);
    List<Column> typed = new ArrayList<>();
    for (StructField f : full.fields()) {
      Column c = df.col("`" + f.name() + "`");
      typed.add(contract.column(f.name()).isPresent() ? c.cast(f.dataType()).as(f.name()) : c);
    }
    return df.select(typed.toArray(Column[]::new));
  }

  /** Appends records to the table's raw directory as one Parquet write, like one ingest micro-batch. */
  public static void write(SparkSession spark, TableContract contract, String rawPath, List<DmsRecord> records,
      long firstSequence, Instant arrival, long ingestBatch) {
    rows(spark, contract, records, firstSequence, arrival, ingestBatch).coalesce(1)
        .write().mode("append").partitionBy(RawColumns.PARTITIONS.toArray(String[]::new)).parquet(rawPath);
  }

  static Map<String, String> asText(Map<String, Object> image) {
    Map<String, String> out = new LinkedHashMap<>();
    image.forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
    return out;
  }

  private static scala.collection.Map<?, ?> scalaMap(Map<?, ?> m) {
    return scala.collection.JavaConverters.mapAsScalaMap(m);
  }
}
