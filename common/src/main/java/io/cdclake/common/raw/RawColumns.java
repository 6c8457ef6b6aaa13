package io.cdclake.common.raw;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Column names of the raw zone, one Delta table for every source table of the stream ({@link LakePaths#rawChanges}).
 * A raw row is one record exactly as it arrived: the DMS envelope metadata as typed columns, the row image and
 * before-image as text maps (number text kept exactly), card data already protected. Nothing is cast to a contract
 * type here: curate does that per table, so a value that does not fit the contract is held there (and released
 * after a fix), never lost at ingest.
 *
 * <p>Curate reads a table's rows through {@link RawSchema#forTable}, a per-table view with the declared columns
 * typed and the undeclared ones in {@link #EXTRA_COLUMNS}; that view is derived, never stored.
 */
public final class RawColumns {
  /** Record type as DMS sends it: {@code data} or {@code control}. */
  public static final String RECORD_TYPE = "_record_type";
  /** DMS operation: load, insert, update or delete (control records: create-table, add-column, ...). */
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
  /** Micro-batch that wrote the row. */
  public static final String INGEST_BATCH_ID = "_ingest_batch_id";
  /** DMS {@code schema-name} and {@code table-name} as sent. */
  public static final String SCHEMA_NAME = "_schema_name";
  public static final String TABLE_NAME = "_table_name";
  /** Every {@code metadata} field as text, including those without a column of their own. */
  public static final String METADATA = "_metadata";
  /** The row image ({@code data}): every column as text, protected columns protected. */
  public static final String DATA = "_data";
  /** Row image before an update (before-image setting), all values as text; protected columns protected. */
  public static final String BEFORE_IMAGE = "_before_image";

  /** Per-table view only: the columns the contract does not declare, values as text. */
  public static final String EXTRA_COLUMNS = "_extra_columns";

  /**
   * Partition column: {@code schema.table} of a data record of a configured table, {@value #CONTROL_PARTITION} for
   * control records (whose table names come from the source and are not trusted as paths).
   */
  public static final String SOURCE_TABLE = "source_table";
  public static final String CONTROL_PARTITION = "_control";
  public static final String YEAR = "year";
  public static final String MONTH = "month";
  public static final String DAY = "day";

  /**
   * The data column a DMS task adds with the transformation rule {@code add-column} of the header
   * {@code $AR_H_CHANGE_SEQ} (provisioning writes that rule): the source's own, strictly increasing change sequence
   * (a timestamp and a counter, 35 digits). Curate orders by it and keeps it out of the curated table.
   */
  public static final String CHANGE_SEQ_HEADER = "ar_h_change_seq";
  /** The per-table view's copy of {@link #CHANGE_SEQ_HEADER} (null when the task does not add it). */
  public static final String SOURCE_CHANGE_SEQ = "_source_change_seq";

  /** Day partitions, zero-padded strings, in path order. */
  public static final List<String> DAYS = List.of(YEAR, MONTH, DAY);
  /** Partition columns of the raw Delta table, in path order. */
  public static final List<String> PARTITIONS = List.of(SOURCE_TABLE, YEAR, MONTH, DAY);

  /** Metadata columns of the per-table view, in order (see {@link RawSchema#forTable}). */
  public static final List<String> VIEW_METADATA = List.of(OP, DMS_TIMESTAMP, COMMIT_TIMESTAMP, TRANSACTION_ID,
      PREVIOUS_TRANSACTION_ID, TRANSACTION_RECORD_ID, STREAM_POSITION, STREAM_SEQUENCE, STREAM_PARTITION_KEY,
      ARRIVAL_TIMESTAMP, INGEST_BATCH_ID, BEFORE_IMAGE, EXTRA_COLUMNS);

  /** Width of {@link #STREAM_SEQUENCE}. */
  public static final int STREAM_SEQUENCE_WIDTH = 128;

  private static final Set<String> RESERVED = Set.copyOf(concat());

  private RawColumns() {}

  /** Whether a source column name would collide with a column of the per-table view or its partitions. */
  public static boolean isReserved(String column) {
    return RESERVED.contains(column.toLowerCase(Locale.ROOT)) || column.startsWith("__");
  }

  private static List<String> concat() {
    return java.util.stream.Stream.of(VIEW_METADATA, PARTITIONS, List.of(DATA, METADATA, RECORD_TYPE, SCHEMA_NAME,
        TABLE_NAME)).flatMap(List::stream).toList();
  }
}
