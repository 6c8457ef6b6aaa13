package io.cdclake.ingest.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;

import io.cdclake.common.raw.RawColumns;
import io.cdclake.ingest.source.SourceColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ingest quarantine, a Delta table beside the raw zone ({@code <quarantine>/ingest}): why, where from, what the
 * envelope said, and the original record with anything that looks like a card number masked, partitioned by
 * arrival day like the raw zone. The detail never contains values, only field and column names; the payload is
 * what {@code replay-quarantine} feeds back into the decoder once a contract is fixed.
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
        .add(RawColumns.DMS_TIMESTAMP, DataTypes.TimestampType, true)
        .add(RawColumns.INGEST_BATCH_ID, DataTypes.LongType, true)
        .add(SCHEMA_NAME, DataTypes.StringType, true)
        .add(TABLE_NAME, DataTypes.StringType, true)
        .add(OPERATION, DataTypes.StringType, true)
        .add(PAYLOAD, DataTypes.StringType, true)
        .add(RawColumns.YEAR, DataTypes.StringType, false)
        .add(RawColumns.MONTH, DataTypes.StringType, false)
        .add(RawColumns.DAY, DataTypes.StringType, false);
  }

  /** Decoded records routed to quarantine (see {@link BatchDecoder#quarantined}). */
  static Dataset<Row> rows(Dataset<Row> rejects, long batchId) {
    Column d = col(BatchDecoder.DECODED);
    List<Column> cols = new ArrayList<>(List.of(
        d.getField("reason").as(REASON),
        d.getField("detail").as(DETAIL),
        col(SourceColumns.POSITION).as(SOURCE_POSITION),
        col(SourceColumns.STREAM_SEQUENCE).as(RawColumns.STREAM_SEQUENCE),
        PayloadText.scrubbed(col(SourceColumns.PARTITION_KEY)).as(RawColumns.STREAM_PARTITION_KEY),
        Partitions.arrival().as(RawColumns.ARRIVAL_TIMESTAMP),
        timestamp_micros(d.getField("dms_timestamp")).as(RawColumns.DMS_TIMESTAMP),
        lit(batchId).as(RawColumns.INGEST_BATCH_ID),
        PayloadText.scrubbed(d.getField("schema_name")).as(SCHEMA_NAME),
        PayloadText.scrubbed(d.getField("table_name")).as(TABLE_NAME),
        d.getField("operation").as(OPERATION),
        PayloadText.payload().as(PAYLOAD)));
    cols.addAll(Partitions.days());
    return BatchDecoder.conform(rejects.select(cols.toArray(Column[]::new)), schema());
  }
}
