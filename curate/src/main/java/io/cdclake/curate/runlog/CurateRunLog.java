package io.cdclake.curate.runlog;

import io.cdclake.common.pci.PanScrubber;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.curate.TableReport;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row per table per curate run, in a small Delta table beside the checkpoints: what the status page and an
 * on-call engineer read to see a table's outcome and freshness over time without opening the Spark UI or the
 * logs. One append per run, whatever the number of tables, partitioned by day so that reading the last days costs
 * those days, never the age of the lake.
 */
public final class CurateRunLog {
  public static final String RUN_ID = "run_id";
  public static final String RUN_STARTED = "run_started";
  public static final String RUN_DATE = "run_date";
  public static final String TABLE = "curated_table";
  public static final String STATUS = "status";
  public static final String RAW_CHANGES = "raw_changes";
  public static final String INSERTED = "inserted";
  public static final String UPDATED = "updated";
  public static final String DELETED = "deleted";
  public static final String QUARANTINED = "quarantined";
  public static final String RELEASED = "released";
  public static final String DELTA_VERSION = "delta_version";
  public static final String NEWEST_SOURCE_CHANGE = "newest_source_change";
  public static final String NEWEST_ARRIVAL = "newest_arrival";
  public static final String FRESHNESS_SECONDS = "freshness_seconds";
  public static final String RUN_MILLIS = "run_millis";
  public static final String MESSAGES = "messages";

  public static final StructType SCHEMA = new StructType()
      .add(RUN_ID, DataTypes.StringType, false)
      .add(RUN_STARTED, DataTypes.TimestampType, false)
      .add(RUN_DATE, DataTypes.DateType, false)
      .add(TABLE, DataTypes.StringType, false)
      .add(STATUS, DataTypes.StringType, false)
      .add(RAW_CHANGES, DataTypes.LongType, false)
      .add(INSERTED, DataTypes.LongType, false)
      .add(UPDATED, DataTypes.LongType, false)
      .add(DELETED, DataTypes.LongType, false)
      .add(QUARANTINED, DataTypes.LongType, false)
      .add(RELEASED, DataTypes.LongType, false)
      .add(DELTA_VERSION, DataTypes.LongType, false)
      .add(NEWEST_SOURCE_CHANGE, DataTypes.TimestampType, true)
      .add(NEWEST_ARRIVAL, DataTypes.TimestampType, true)
      .add(FRESHNESS_SECONDS, DataTypes.DoubleType, true)
      .add(RUN_MILLIS, DataTypes.LongType, false)
      .add(MESSAGES, DataTypes.StringType, true);

  private CurateRunLog() {}

  /** {@code <checkpoints>/curate-runs}: job state, so it lives with the checkpoints. */
  public static String path(LakePaths paths) {
    return paths.checkpoint("curate-runs");
  }

  /** The run's rows; freshness is {@code finished} minus the newest source change the run applied. */
  public static List<Row> rows(String runId, Instant started, Instant finished, List<TableReport> reports) {
    List<Row> rows = new ArrayList<>();
    for (TableReport t : reports) {
      Timestamp newest = t.newestSourceChange().map(Timestamp::from).orElse(null);
      Double freshness = t.newestSourceChange()
          .map(n -> Math.max(0, Duration.between(n, finished).toMillis() / 1000.0)).orElse(null);
      rows.add(RowFactory.create(runId, Timestamp.from(started),
          Date.valueOf(started.atOffset(ZoneOffset.UTC).toLocalDate()), t.curatedTable(), t.status().name(),
          t.rawChangesRead(), t.rowsInserted(), t.rowsUpdated(), t.rowsDeleted(), t.quarantined(),
          t.releasedFromQuarantine(), t.deltaVersion(), newest, t.newestArrival().map(Timestamp::from).orElse(null), freshness,
          t.phaseMillis().values().stream().mapToLong(Long::longValue).sum(),
          t.messages().isEmpty() ? null : PanScrubber.scrub(String.join("; ", t.messages()))));
    }
    return rows;
  }

  /** Appends the run's rows as one commit (concurrent runs only ever append, which Delta never conflicts on). */
  public static void append(SparkSession spark, LakePaths paths, List<Row> rows) {
    Dataset<Row> frame = spark.createDataFrame(rows, SCHEMA);
    frame.coalesce(1).write().format("delta").mode("append").partitionBy(RUN_DATE).save(path(paths));
  }
}
