package io.cdclake.ingest.decode;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.date_format;

import io.cdclake.common.raw.RawColumns;
import io.cdclake.ingest.source.SourceColumns;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The day partitions of everything ingest writes: the record's arrival time in the stream, in UTC (the
 * session time zone every job sets), zero-padded. Arrival time rather than the DMS timestamp, so a batch's
 * rows land in the partitions that were "current" when they arrived and late source timestamps never reopen
 * old days.
 */
final class Partitions {
  private Partitions() {}

  static Column arrival() {
    // Both sources always set an arrival time; the DMS timestamp is a guard so a row can never lack a day.
    return coalesce(col(SourceColumns.ARRIVAL_TIMESTAMP),
        timestamp_micros(col(BatchDecoder.DECODED).getField("dms_timestamp")), current_timestamp());
  }

  static List<Column> days() {
    return List.of(
        date_format(arrival(), "yyyy").as(RawColumns.YEAR),
        date_format(arrival(), "MM").as(RawColumns.MONTH),
        date_format(arrival(), "dd").as(RawColumns.DAY));
  }
}
