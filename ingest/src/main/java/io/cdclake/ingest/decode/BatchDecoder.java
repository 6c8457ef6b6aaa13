package io.cdclake.ingest.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.ColumnProtection;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.pci.PanScrubber;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.ingest.source.SourceColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The decode stage of one micro-batch as DataFrame transformations: every source record through
 * {@link RecordDecoder} (one function call per record, no per-table work), then the rows of the raw zone (data and
 * control records of every table, in one DataFrame) and of quarantine. Nothing here does I/O.
 */
public final class BatchDecoder {
  /** The decoded struct column added to the source records. */
  public static final String DECODED = "__decoded";
  public static final String KIND = DECODED + ".kind";

  private final RecordDecoder decoder;
  private final UserDefinedFunction decode;

  public BatchDecoder(List<TableContract> tables, ColumnProtection protection) {
    this.decoder = new RecordDecoder(tables, protection);
    this.decode = decodeFunction(decoder, null);
  }

  private static UserDefinedFunction decodeFunction(RecordDecoder decoder, DecodeTally tally) {
    StructType schema = decodedSchema();
    UDF1<byte[], Row> f = tally == null
        ? value -> toRow(decoder.decode(value))
        : value -> {
          DecodedRecord d = decoder.decode(value);
          tally.add(d);
          return toRow(d);
        };
    // Evaluated once per record, never re-run by the optimiser for each use (nor its tally counted twice).
    return udf(f, schema).asNondeterministic();
  }

  /** The decoder of a pipeline: its contracts, protected with {@code key}. */
  public static BatchDecoder of(List<TableContract> tables, HashKey key) {
    return new BatchDecoder(tables, new ColumnProtection(key, tables));
  }

  static StructType decodedSchema() {
    DataType textMap = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);
    return new StructType()
        .add("kind", DataTypes.StringType, false)
        .add("reason", DataTypes.StringType, true)
        .add("detail", DataTypes.StringType, true)
        .add("record_type", DataTypes.StringType, true)
        .add("operation", DataTypes.StringType, true)
        .add("schema_name", DataTypes.StringType, true)
        .add("table_name", DataTypes.StringType, true)
        .add("dms_timestamp", DataTypes.LongType, true)
        .add("commit_timestamp", DataTypes.LongType, true)
        .add("transaction_id", DataTypes.StringType, true)
        .add("previous_transaction_id", DataTypes.StringType, true)
        .add("transaction_record_id", DataTypes.LongType, true)
        .add("stream_position", DataTypes.StringType, true)
        .add("metadata", textMap, true)
        .add("data", textMap, true)
        .add("before_image", textMap, true);
  }

  /**
   * The envelope's free-text fields (transaction ids, stream position, every metadata value) are scrubbed here,
   * whatever the record's kind: nothing vouches for them, and a producer may put a key value, so a card number, in
   * any of them. Row images were protected column by column by the decoder.
   */
  private static Row toRow(DecodedRecord d) {
    return RowFactory.create(d.kind().code(), d.reason() == null ? null : d.reason().code(),
        PanScrubber.scrub(d.detail()), d.recordType(), d.operation(), d.schemaName(), d.tableName(),
        d.dmsTimestampMicros(), d.commitTimestampMicros(), PanScrubber.scrub(d.transactionId()),
        PanScrubber.scrub(d.previousTransactionId()), d.transactionRecordId(), PanScrubber.scrub(d.streamPosition()),
        scala(scrubbed(d.metadata())), scala(d.data()), scala(d.beforeImage()));
  }

  private static Map<String, String> scrubbed(Map<String, String> text) {
    if (text == null) {
      return null;
    }
    Map<String, String> out = new java.util.LinkedHashMap<>(text.size() * 2);
    text.forEach((k, v) -> out.put(PanScrubber.scrubName(k), PanScrubber.scrub(v)));
    return out;
  }

  private static scala.collection.Map<String, String> scala(Map<String, String> m) {
    return m == null ? null : JavaConverters.mapAsScalaMap(m);
  }

  /** Source records (see {@link SourceColumns}) with the decoded struct {@link #DECODED}. */
  public Dataset<Row> decode(Dataset<Row> records) {
    return records.withColumn(DECODED, decode.apply(col(SourceColumns.VALUE)));
  }

  /** As {@link #decode(Dataset)}, every record counted in {@code tally} by the task that decodes it. */
  public Dataset<Row> decode(Dataset<Row> records, DecodeTally tally) {
    return records.withColumn(DECODED, decodeFunction(decoder, tally).apply(col(SourceColumns.VALUE)));
  }

  /** Data and control records of every table, in exactly {@link RawSchema#stored()}. */
  public Dataset<Row> raw(Dataset<Row> decoded, long batchId) {
    Column d = col(DECODED);
    Column isControl = d.getField("kind").equalTo(lit(DecodedRecord.Kind.CONTROL.code()));
    List<Column> out = new ArrayList<>(List.of(
        d.getField("record_type").as(RawColumns.RECORD_TYPE),
        d.getField("operation").as(RawColumns.OP),
        d.getField("schema_name").as(RawColumns.SCHEMA_NAME),
        d.getField("table_name").as(RawColumns.TABLE_NAME),
        timestamp_micros(d.getField("dms_timestamp")).as(RawColumns.DMS_TIMESTAMP),
        timestamp_micros(d.getField("commit_timestamp")).as(RawColumns.COMMIT_TIMESTAMP),
        d.getField("transaction_id").as(RawColumns.TRANSACTION_ID),
        d.getField("previous_transaction_id").as(RawColumns.PREVIOUS_TRANSACTION_ID),
        d.getField("transaction_record_id").as(RawColumns.TRANSACTION_RECORD_ID),
        d.getField("stream_position").as(RawColumns.STREAM_POSITION),
        col(SourceColumns.STREAM_SEQUENCE).as(RawColumns.STREAM_SEQUENCE),
        // DMS sets the partition key to the primary key's value, which may be a card number.
        PayloadText.scrubbed(col(SourceColumns.PARTITION_KEY)).as(RawColumns.STREAM_PARTITION_KEY),
        Partitions.arrival().as(RawColumns.ARRIVAL_TIMESTAMP),
        lit(batchId).as(RawColumns.INGEST_BATCH_ID),
        d.getField("metadata").as(RawColumns.METADATA),
        d.getField("data").as(RawColumns.DATA),
        d.getField("before_image").as(RawColumns.BEFORE_IMAGE),
        when(isControl, lit(RawColumns.CONTROL_PARTITION))
            .otherwise(concat(d.getField("schema_name"), lit("."), d.getField("table_name")))
            .as(RawColumns.SOURCE_TABLE)));
    out.addAll(Partitions.days());
    Dataset<Row> rows = decoded.where(d.getField("kind").isin(DecodedRecord.Kind.DATA.code(),
        DecodedRecord.Kind.CONTROL.code())).select(out.toArray(Column[]::new));
    return conform(rows, RawSchema.stored());
  }

  /** Records that cannot go to the raw zone, in the {@link Quarantine} layout. */
  public Dataset<Row> quarantined(Dataset<Row> decoded, long batchId) {
    return Quarantine.rows(decoded.where(col(KIND).equalTo(lit(DecodedRecord.Kind.QUARANTINE.code()))), batchId);
  }

  static Dataset<Row> conform(Dataset<Row> rows, StructType schema) {
    List<Column> typed = new ArrayList<>();
    for (StructField f : schema.fields()) {
      typed.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return rows.select(typed.toArray(Column[]::new));
  }
}
