package io.cdclake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.maintenance.RawCompaction;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

/** Closed raw days are rewritten into few files, and a stream reading the raw zone never sees them again. */
class RawCompactionTest {
  private static long files(SparkSession spark, String path, String where) {
    return spark.read().format("delta").load(path).where(where).inputFiles().length;
  }

  /** One available-now pass of a Delta stream over the raw zone into a copy, as curate reads it. */
  private static void copy(SparkSession spark, String raw, String copy, String checkpoint)
      throws TimeoutException, StreamingQueryException {
    spark.readStream().format("delta").load(raw).writeStream().format("delta")
        .option("checkpointLocation", checkpoint).trigger(Trigger.AvailableNow()).start(copy).awaitTermination();
  }

  @Test
  void closedDaysAreCompactedWithoutBeingReadAsNewAgain() throws Exception {
    SparkSession spark = SharedSpark.get();
    // Six files of one day (2024-03-01), one micro-batch each (maxFilesPerTrigger = 1 in conf/local.json).
    TestLake lake = TestLake.reading(DmsFiles.customers(6, 20));
    IngestJob.runAvailableNow(spark, lake.config, TestLake.KEY);
    String raw = lake.paths.rawChanges();
    String day = "year = '2024' AND month = '03' AND day = '01'";
    long before = files(spark, raw, day);
    assertTrue(before >= 6, "one file per batch at least: " + before);
    String copy = lake.root + "/copy";
    String checkpoint = lake.root + "/copy-checkpoint";
    copy(spark, raw, copy, checkpoint);
    assertEquals(120, spark.read().format("delta").load(copy).count());

    RawCompaction.Report untouched = RawCompaction.run(spark, lake.paths, LocalDate.of(2024, 3, 1), 2);
    assertEquals(0, untouched.filesRemoved(), "the current day is never compacted");

    RawCompaction.Report report = RawCompaction.run(spark, lake.paths, LocalDate.of(2024, 3, 2), 2);
    assertEquals(java.util.List.of("2024-02-29", "2024-03-01"), report.days());
    assertEquals(before, report.filesRemoved());
    assertEquals(1, files(spark, raw, day), "one table, one day: one file");
    assertEquals(120, lake.rawChanges().count(), "compaction changes no row");
    assertEquals("OPTIMIZE", DeltaTable.forPath(spark, raw).history(1).select("operation").head().getString(0));

    copy(spark, raw, copy, checkpoint);
    assertEquals(120, spark.read().format("delta").load(copy).count(), "the rewrite is not new data to a reader");
  }
}
