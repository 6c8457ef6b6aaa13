package io.cdclake.ingest.maintenance;

import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.raw.RawColumns;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the raw zone's closed days. Ingest adds one file per table and day every micro-batch (2,880 a day at a
 * 30-second trigger); left alone, a table's Delta state, its checkpoints and every reader's planning would grow with
 * the age of the lake. Rewriting each closed day's small files into a few large ones keeps the state at a few files
 * per table and day, whatever the lake's age.
 *
 * <p>Only closed days are touched (the days before today, UTC), so ingest's appends to today's partitions never
 * conflict with it. The rewrite is a Delta OPTIMIZE, a commit without data change: curate's streaming reads skip it,
 * so compacted rows are never read as new again. The removed small files stay until a VACUUM of the raw table.
 */
public final class RawCompaction {
  private static final Logger LOG = LoggerFactory.getLogger(RawCompaction.class);

  /** What one run did: per day compacted, files removed and added. */
  public record Report(List<String> days, long filesRemoved, long filesAdded) {
    public String summary() {
      return "raw compaction: " + days.size() + " closed day(s) " + days + ", " + filesRemoved + " file(s) rewritten"
          + " into " + filesAdded;
    }
  }

  private RawCompaction() {}

  /**
   * Compacts the {@code lookbackDays} days before {@code today}. Running it daily with a lookback of 2 covers a
   * missed day; older days compacted already have nothing left to rewrite.
   */
  public static Report run(SparkSession spark, LakePaths paths, LocalDate today, int lookbackDays) {
    if (lookbackDays < 1) {
      throw new IllegalArgumentException("raw compaction lookback must be at least 1 day, was " + lookbackDays);
    }
    String path = paths.rawChanges();
    if (!DeltaTable.isDeltaTable(spark, path)) {
      LOG.info("raw compaction: no raw zone yet at {}", path);
      return new Report(List.of(), 0, 0);
    }
    List<String> days = new ArrayList<>();
    long removed = 0;
    long added = 0;
    for (int back = lookbackDays; back >= 1; back--) {
      LocalDate day = today.minusDays(back);
      String predicate = String.format(Locale.ROOT, "%s = '%04d' AND %s = '%02d' AND %s = '%02d'",
          RawColumns.YEAR, day.getYear(), RawColumns.MONTH, day.getMonthValue(), RawColumns.DAY,
          day.getDayOfMonth());
      Row m = DeltaTable.forPath(spark, path).optimize().where(predicate).executeCompaction()
          .select("metrics.numFilesRemoved", "metrics.numFilesAdded").head();
      removed += m.getLong(0);
      added += m.getLong(1);
      days.add(day.toString());
    }
    Report report = new Report(days, removed, added);
    LOG.info("{}", report.summary());
    return report;
  }
}
