package io.cdclake.common.raw;

import java.util.List;
import java.util.Set;

/**
 * Column names of the raw zone. Each raw row is one DMS data record: these metadata columns, then the
 * table's declared columns (typed as its contract says), then the undeclared ones in {@link #EXTRA_COLUMNS}.
 * Curate orders and applies changes from these columns alone.
 */
public final class RawColumns {
  /** DMS operation: load, insert, update or delete. */
  public static final String OP = "_op";
  /** DMS {@code metadata.timestamp}. */
  public static final String DMS_TIMESTAMP = "_dms_timestamp";
  /** Source commit time ({@code commit-timestamp}), null without transaction details. */
  public static final String COMMIT_TIMESTAMP = "_commit_timestamp";
  public static final String TRANSACTION_ID = "_transaction_id";
  public static final String PREVIOUS_TRANSACTION_ID = "_previous_transaction_id";
  /** Offset of the record inside its source transaction. */
  public static final String TRANSACTION_RECORD_ID = "_transaction_record_id";
  /** Source log position (LSN, binlog position, SCN), opaque text. */
  public static final String STREAM_POSITION = "_stream_position";
  /**
   * Position of the record in the stream as a fixed-width decimal string, so that string order is stream order
   * (Kinesis sequence numbers are up to 128 digits; the files source derives one from file and line).
   */
  public static final String STREAM_SEQUENCE = "_stream_sequence";
  /** Kinesis partition key (or the source file, for the files source). */
  public static final String STREAM_PARTITION_KEY = "_stream_partition_key";
  /** When the record reached Kinesis ({@code approximateArrivalTimestamp}); drives the day partitions. */
  public static final String ARRIVAL_TIMESTAMP = "_arrival_timestamp";
  /** Micro-batch that wrote the row: with the checkpoint, makes a replayed batch recognisable. */
  public static final String INGEST_BATCH_ID = "_ingest_batch_id";
  /** Row image before an update (before-image setting), all values as text; protected columns protected. */
  public static final String BEFORE_IMAGE = "_before_image";
  /** Columns DMS sent that the contract does not declare, values as text; they become string columns later. */
  public static final String EXTRA_COLUMNS = "_extra_columns";

  public static final String YEAR = "year";
  public static final String MONTH = "month";
  public static final String DAY = "day";

  /** Day partitions, zero-padded strings, in path order. */
  public static final List<String> PARTITIONS = List.of(YEAR, MONTH, DAY);

  public static final List<String> METADATA = List.of(OP, DMS_TIMESTAMP, COMMIT_TIMESTAMP, TRANSACTION_ID,
      PREVIOUS_TRANSACTION_ID, TRANSACTION_RECORD_ID, STREAM_POSITION, STREAM_SEQUENCE, STREAM_PARTITION_KEY,
      ARRIVAL_TIMESTAMP, INGEST_BATCH_ID, BEFORE_IMAGE, EXTRA_COLUMNS);

  /** Width of {@link #STREAM_SEQUENCE}. */
  public static final int STREAM_SEQUENCE_WIDTH = 128;

  private static final Set<String> RESERVED = Set.copyOf(concat());

  private RawColumns() {}

  /** Whether a source column name would collide with a raw-zone column. */
  public static boolean isReserved(String column) {
    return RESERVED.contains(column.toLowerCase()) || column.startsWith("__");
  }

  private static List<String> concat() {
    return java.util.stream.Stream.concat(METADATA.stream(), PARTITIONS.stream()).toList();
  }
}
