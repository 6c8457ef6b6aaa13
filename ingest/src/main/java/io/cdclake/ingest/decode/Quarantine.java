package io.cdclake.ingest.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

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
 * The quarantine layout: why, where from, and the original text with card numbers masked, partitioned by
 * arrival day like the raw zone. The detail never contains values, only column names and types.
 */
public final class Quarantine {
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  public static final String SOURCE_POSITION = "source_position";
  public static final String SCHEMA_NAME = "schema_name";
  public static final String TABLE_NAME = "table_name";
  public static final String OPERATION = "operation";
  /** The record as received, with anything that looks like a card number masked (PanScrubber). */
  public static final String PAYLOAD = "payload";

  private Quarantine() {}

  public static StructType schema() {
    return new StructType()
        .add(REASON, DataTypes.StringType, false)
        .add(DETAIL, DataTypes.StringType, true)
        .add(SOURCE_POSITION, DataTypes.StringType, true)
        .add(RawColumns.STREAM_SEQUENCE, DataTypes.StringType, true)
        .add(RawColumns.STREAM_PARTITION_KEY, DataTypes.StringType, true)
        .add(RawColumns.ARRIVAL_TIMESTAMP, DataTypes.TimestampType, true)
        .add(RawColumns.INGEST_BATCH_ID, DataTypes.LongType, true)
        .add(SCHEMA_NAME, DataTypes.StringType, true)
        .add(TABLE_NAME, DataTypes.StringType, true)
        .add(OPERATION, DataTypes.StringType, true)
        .add(PAYLOAD, DataTypes.StringType, true)
        .add(RawColumns.YEAR, DataTypes.StringType, false)
        .add(RawColumns.MONTH, DataTypes.StringType, false)
        .add(RawColumns.DAY, DataTypes.StringType, false);
  }

  /** Records classified for quarantine by the envelope decoder. */
  public static Dataset<Row> fromEnvelope(Dataset<Row> decoded, long batchId) {
    return rows(Envelope.ofKind(decoded, Envelope.KIND_QUARANTINE), batchId);
  }

  /** Rows carrying source columns and the envelope's reason/detail/schema/table/operation columns. */
  static Dataset<Row> rows(Dataset<Row> rejects, long batchId) {
    List<Column> cols = new ArrayList<>(List.of(
        col(Envelope.REASON).as(REASON),
        col(Envelope.DETAIL).as(DETAIL),
        col(SourceColumns.POSITION).as(SOURCE_POSITION),
        col(SourceColumns.STREAM_SEQUENCE).as(RawColumns.STREAM_SEQUENCE),
        col(SourceColumns.PARTITION_KEY).as(RawColumns.STREAM_PARTITION_KEY),
        Partitions.arrival().as(RawColumns.ARRIVAL_TIMESTAMP),
        lit(batchId).as(RawColumns.INGEST_BATCH_ID),
        col(Envelope.SCHEMA).as(SCHEMA_NAME),
        col(Envelope.TABLE).as(TABLE_NAME),
        col(Envelope.OPERATION).as(OPERATION),
        PayloadText.scrubbed().as(PAYLOAD)));
    cols.addAll(Partitions.days());
    Dataset<Row> out = rejects.select(cols.toArray(Column[]::new));
    List<Column> typed = new ArrayList<>();
    for (StructField f : schema().fields()) {
      typed.add(col(f.name()).cast(f.dataType()));
    }
    return out.select(typed.toArray(Column[]::new));
  }
}
