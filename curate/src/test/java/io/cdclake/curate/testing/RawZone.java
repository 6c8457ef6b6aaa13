package io.cdclake.curate.testing;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.common.raw.RawView;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Raw-zone rows as ingest stores them ({@link RawSchema#stored}), built from {@link DmsRecord}s without running
 * ingest: every value as text in {@code _data}, the before-image as text, a stream sequence per record.
 * Protection is not applied (curate does not care what the text is).
 */
public final class RawZone {
  private RawZone() {}

  /**
   * @param firstSequence stream sequence of the first record; the rest follow in list order
   */
  public static Dataset<Row> stored(SparkSession spark, TableContract contract, List<DmsRecord> records,
      long firstSequence, Instant arrival, long ingestBatch) {
    StructType schema = RawSchema.stored();
    List<Row> rows = new ArrayList<>();
    long seq = firstSequence;
    ZonedDateTime day = arrival.atZone(ZoneOffset.UTC);
    for (DmsRecord r : records) {
      Map<String, Object> v = new HashMap<>();
      v.put(RawColumns.RECORD_TYPE, "data");
      v.put(RawColumns.OP, r.operation().wireName());
      v.put(RawColumns.SCHEMA_NAME, r.schemaName());
      v.put(RawColumns.TABLE_NAME, r.tableName());
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
      v.put(RawColumns.METADATA, Map.of());
      v.put(RawColumns.DATA, asText(r.data()));
      r.beforeImage().ifPresent(b -> v.put(RawColumns.BEFORE_IMAGE, asText(b)));
      v.put(RawColumns.SOURCE_TABLE, contract.sourceId());
      v.put(RawColumns.YEAR, String.format("%04d", day.getYear()));
      v.put(RawColumns.MONTH, String.format("%02d", day.getMonthValue()));
      v.put(RawColumns.DAY, String.format("%02d", day.getDayOfMonth()));
      Object[] values = new Object[schema.fields().length];
      int i = 0;
      for (StructField f : schema.fields()) {
        Object x = v.get(f.name());
        values[i++] = x instanceof Map<?, ?> m ? scalaMap(m) : x;
      }
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, schema);
  }

  /** The same rows in curate's typed per-table view ({@link RawView#typed}). */
  public static Dataset<Row> rows(SparkSession spark, TableContract contract, List<DmsRecord> records,
      long firstSequence, Instant arrival, long ingestBatch) {
    return RawView.typed(stored(spark, contract, records, firstSequence, arrival, ingestBatch), contract);
  }

  /** Appends records to the raw Delta table as one commit, like one ingest micro-batch. */
  public static void write(SparkSession spark, TableContract contract, String rawChanges, List<DmsRecord> records,
      long firstSequence, Instant arrival, long ingestBatch) {
    stored(spark, contract, records, firstSequence, arrival, ingestBatch).coalesce(1)
        .write().format("delta").mode("append").partitionBy(RawColumns.PARTITIONS.toArray(String[]::new))
        .save(rawChanges);
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
