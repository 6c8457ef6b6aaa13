package io.cdclake.ingest.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cdclake.common.dms.DmsFields;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.ingest.source.SourceColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * DMS control records (table DDL, task events), kept in {@code raw/_control} for audit. They are never
 * applied as rows; schema changes reach the lake through data contracts.
 */
public final class ControlRecords {
  public static final String SCHEMA_NAME = "schema_name";
  public static final String TABLE_NAME = "table_name";
  /** The control message as received, card numbers masked (some DDL events carry statement text). */
  public static final String PAYLOAD = "payload";

  private ControlRecords() {}

  public static StructType schema() {
    return new StructType()
        .add(RawColumns.OP, DataTypes.StringType, false)
        .add(RawColumns.DMS_TIMESTAMP, DataTypes.TimestampType, true)
        .add(SCHEMA_NAME, DataTypes.StringType, true)
        .add(TABLE_NAME, DataTypes.StringType, true)
        .add(RawColumns.TRANSACTION_ID, DataTypes.StringType, true)
        .add(RawColumns.STREAM_POSITION, DataTypes.StringType, true)
        .add(RawColumns.STREAM_SEQUENCE, DataTypes.StringType, true)
        .add(RawColumns.STREAM_PARTITION_KEY, DataTypes.StringType, true)
        .add(RawColumns.ARRIVAL_TIMESTAMP, DataTypes.TimestampType, true)
        .add(RawColumns.INGEST_BATCH_ID, DataTypes.LongType, true)
        .add(PAYLOAD, DataTypes.StringType, true)
        .add(RawColumns.YEAR, DataTypes.StringType, false)
        .add(RawColumns.MONTH, DataTypes.StringType, false)
        .add(RawColumns.DAY, DataTypes.StringType, false);
  }

  public static Dataset<Row> rows(Dataset<Row> decoded, long batchId) {
    Column md = col(Envelope.METADATA);
    List<Column> cols = new ArrayList<>(List.of(
        col(Envelope.OPERATION).as(RawColumns.OP),
        col(Envelope.TIMESTAMP).as(RawColumns.DMS_TIMESTAMP),
        col(Envelope.SCHEMA).as(SCHEMA_NAME),
        col(Envelope.TABLE).as(TABLE_NAME),
        md.getField(DmsFields.TRANSACTION_ID).as(RawColumns.TRANSACTION_ID),
        md.getField(DmsFields.STREAM_POSITION).as(RawColumns.STREAM_POSITION),
        col(SourceColumns.STREAM_SEQUENCE).as(RawColumns.STREAM_SEQUENCE),
        col(SourceColumns.PARTITION_KEY).as(RawColumns.STREAM_PARTITION_KEY),
        Partitions.arrival().as(RawColumns.ARRIVAL_TIMESTAMP),
        lit(batchId).as(RawColumns.INGEST_BATCH_ID),
        PayloadText.scrubbed().as(PAYLOAD)));
    cols.addAll(Partitions.days());
    Dataset<Row> out = Envelope.ofKind(decoded, Envelope.KIND_CONTROL).select(cols.toArray(Column[]::new));
    List<Column> typed = new ArrayList<>();
    for (StructField f : schema().fields()) {
      typed.add(col(f.name()).cast(f.dataType()));
    }
    return out.select(typed.toArray(Column[]::new));
  }
}
