package io.cdclake.curate.order;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.rpad;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.raw.RawColumns;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The order in which a table's changes happened at the source, computed from a raw row's metadata alone. Curate
 * never relies on file or arrival order: Kinesis redelivers, DMS restarts resend, and late files land in later
 * runs, so the same changes can reach curate in any order and must still produce the same table.
 *
 * <p>A change's position is, compared left to right:
 * <ol>
 *   <li><b>commit timestamp</b> of its source transaction. Full-load records carry none and sort before every
 *       change that has one: a full load is the starting image, and the changes DMS captured while it ran
 *       (cached changes) are newer than it by construction;</li>
 *   <li><b>the source's change sequence</b> ({@code AR_H_CHANGE_SEQ}, which provisioning asks the DMS task to add
 *       as the data column {@code ar_h_change_seq}): strictly increasing at the source, and the same when DMS
 *       resends a change after a restart. Some engines commit with coarse clocks (MySQL binlog: seconds), so two
 *       transactions can share a commit timestamp; this separates them. Without it, the <b>DMS timestamp</b>: DMS
 *       reads the log in commit order, so its own time separates them too, but a resend carries a new one (a
 *       resent older change can then outrank a newer one of the same second, and SCD2 records it as a version).
 *       For full-load records the DMS timestamp is the only time there is;</li>
 *   <li><b>transaction record id</b>, the record's offset within its transaction, for records of one transaction
 *       whose DMS timestamps tie. It is compared only after the timestamps because an offset says nothing across
 *       transactions;</li>
 *   <li><b>stream sequence</b> ({@code _stream_sequence}), only inside one batch, for records equal on all of
 *       the above.</li>
 * </ol>
 * The stream position (LSN, binlog file:offset, SCN) is not used: it is opaque text whose string order is not its
 * log order on every engine.
 *
 * <p>The first three make up the {@link #changeSequence() change sequence}, a fixed-width string whose string
 * order is this order, stored with every curated row. Two records with the same key and change sequence are the
 * same source change delivered twice.
 */
public final class SourceOrder {
  /** Width of one numeric field of the change sequence: enough for any {@code long}. */
  static final int FIELD_WIDTH = 19;
  /** A missing field; {@code '-'} sorts before every digit, so missing means earliest. */
  static final String MISSING = "-".repeat(FIELD_WIDTH);
  static final String SEPARATOR = ".";
  private static final String RANK = "__rank";
  /** Width of DMS's {@code AR_H_CHANGE_SEQ} header value. */
  static final int HEADER_WIDTH = 35;
  static final String HEADER_TAG = "h";
  /** Position of a DynamoDB change: {@code e} and its event id, padded (a UUID is 36 characters). */
  static final String EVENT_TAG = "e";
  static final int EVENT_WIDTH = 40;

  private SourceOrder() {}

  /**
   * When the change happened at the source: its commit time, or the DMS time for full-load records. This is the
   * time SCD2 versions start and soft deletes are stamped with.
   */
  public static Column sourceTime() {
    return coalesce(col(RawColumns.COMMIT_TIMESTAMP), col(RawColumns.DMS_TIMESTAMP));
  }

  /**
   * {@code <commit µs>.<DMS µs>.<record id>}, each zero-padded to 19 digits (or dashes when missing). Microseconds
   * since the epoch keep it independent of the session time zone.
   */
  public static Column changeSequence() {
    return changeSequence(SourceDatabase.RELATIONAL);
  }

  /**
   * The change sequence of a table of {@code database}. A DynamoDB change has no transaction, log position or
   * change sequence: its creation time is its commit time, and the position among changes of the same creation
   * time is its event id ({@code e} and the id), which a duplicate delivery shares, so a duplicate is the same
   * change. Distinct changes of one item within one microsecond (or millisecond, at that precision) are ordered by
   * event id, which is arbitrary: provisioning asks for microseconds, where DynamoDB does not produce such ties.
   */
  public static Column changeSequence(SourceDatabase database) {
    return concat_ws(SEPARATOR,
        field(unix_micros(col(RawColumns.COMMIT_TIMESTAMP))),
        database == SourceDatabase.DYNAMODB ? eventPosition() : position(),
        field(col(RawColumns.TRANSACTION_RECORD_ID)));
  }

  private static Column eventPosition() {
    return concat(lit(EVENT_TAG), rpad(lower(col(RawColumns.TRANSACTION_ID)), EVENT_WIDTH, "-"));
  }

  /**
   * The change's position among those of the same commit time: the source's own change sequence when the DMS task
   * adds it ({@code h} and its 35 digits; it identifies the change, so a resend is the same change), else the DMS
   * timestamp (19 digits). {@code h} sorts after every digit: at one commit time, changes captured after the header
   * rule was added sort after those captured before it.
   */
  private static Column position() {
    Column header = col(RawColumns.SOURCE_CHANGE_SEQ);
    Column valid = header.rlike("^[0-9]{1," + HEADER_WIDTH + "}$");
    return when(valid, concat(lit(HEADER_TAG), lpad(header, HEADER_WIDTH, "0")))
        .otherwise(field(unix_micros(col(RawColumns.DMS_TIMESTAMP))));
  }

  /**
   * The change sequence followed by the stream sequence: a total order over one batch's records of a key. Only
   * meaningful while the raw metadata columns are present.
   */
  public static Column batchOrder() {
    return batchOrder(SourceDatabase.RELATIONAL);
  }

  /** {@link #batchOrder()} for a table of {@code database}. */
  public static Column batchOrder(SourceDatabase database) {
    return concat_ws("|", changeSequence(database), coalesce(col(RawColumns.STREAM_SEQUENCE), lit("")));
  }

  /**
   * For each key, the row whose {@code orderColumn} is greatest (rows with equal order are identical
   * deliveries, so which one wins does not matter). A window rather than {@code max_by}: the order is text and
   * the row a struct, which no hash aggregate holds, so Spark sorts the rows for the aggregate twice (before and
   * after the shuffle) where the window sorts them once.
   */
  public static Dataset<Row> latestPerKey(Dataset<Row> rows, List<String> keyColumns, String orderColumn) {
    Column[] keys = keyColumns.stream().map(SourceOrder::quoted).toArray(Column[]::new);
    return rows.withColumn(RANK, row_number().over(Window.partitionBy(keys).orderBy(quoted(orderColumn).desc())))
        .where(col(RANK).equalTo(1))
        .drop(RANK);
  }

  /** A column reference that survives dots and other punctuation in source column names. */
  public static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  private static Column field(Column value) {
    return when(value.isNull(), lit(MISSING))
        .otherwise(lpad(greatest(value, lit(0L)).cast("string"), FIELD_WIDTH, "0"));
  }
}
