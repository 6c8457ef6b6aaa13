package io.cdclake.ingest.source;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The shape every source is normalised to before decoding, so the decoder and writer never know whether a
 * record came from Kinesis or from a file.
 */
public final class SourceColumns {
  /** The record's bytes (one DMS JSON message, UTF-8), undecoded: the decoder checks the encoding. */
  public static final String VALUE = "value";
  /** When the record reached the stream (Kinesis approximate arrival time, or the file's modification time). */
  public static final String ARRIVAL_TIMESTAMP = "arrival_timestamp";
  /** Fixed-width decimal position in the stream, see {@code RawColumns.STREAM_SEQUENCE}. */
  public static final String STREAM_SEQUENCE = "stream_sequence";
  /** Kinesis partition key, or the file name. */
  public static final String PARTITION_KEY = "partition_key";
  /** Human-readable position for operators: {@code stream/shard-sequence} or {@code file:line}. */
  public static final String POSITION = "source_position";

  public static final List<String> ALL = List.of(VALUE, ARRIVAL_TIMESTAMP, STREAM_SEQUENCE, PARTITION_KEY, POSITION);

  private SourceColumns() {}

  public static StructType schema() {
    return new StructType()
        .add(VALUE, DataTypes.BinaryType, true)
        .add(ARRIVAL_TIMESTAMP, DataTypes.TimestampType, true)
        .add(STREAM_SEQUENCE, DataTypes.StringType, true)
        .add(PARTITION_KEY, DataTypes.StringType, true)
        .add(POSITION, DataTypes.StringType, true);
  }
}
