package io.cdclake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.source.FilesSource;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across a crash: the query dies after a batch's rows are committed to the raw Delta table but before
 * Spark commits the batch (the worst window: the output is visible, the checkpoint does not know it). The restarted
 * query replays that batch, and every record must be in the raw zone exactly once.
 */
class IngestRestartTest {
  private static final int FILES = 5;
  private static final int PER_FILE = 4;

  @Test
  void aBatchReplayedAfterACrashIsNotDuplicated() {
    Path input = DmsFiles.customers(FILES, PER_FILE);
    TestLake lake = TestLake.reading(input);
    FilesSource source = new FilesSource(input.toString(), 1);

    IngestJob.Running first = IngestJob.launch(SharedSpark.get(), lake.config, TestLake.KEY, source,
        Trigger.AvailableNow(), counts -> {
          if (counts.batchId() == 2) {
            throw new IllegalStateException("simulated crash after publishing batch 2, before its commit");
          }
        });
    IllegalStateException crash = assertThrows(IllegalStateException.class, () -> IngestJob.runToEnd(first));
    assertTrue(crash.getMessage().contains("simulated crash"), crash.getMessage());
    // The crashed batch's rows are visible: without the replay protocol they would be written twice.
    assertEquals(3L * PER_FILE, lake.raw("payments.customers").count());
    assertEquals(2, first.report().batches(), "batches 0 and 1 completed before the crash");

    IngestJob.Running second = IngestJob.launch(SharedSpark.get(), lake.config, TestLake.KEY, source,
        Trigger.AvailableNow(), counts -> { });
    IngestReport report = IngestJob.runToEnd(second);
    assertEquals(3, report.batches(), "batch 2 replayed, then batches 3 and 4");
    assertEquals(3L * PER_FILE, report.rowsWritten("payments.customers"));

    var raw = lake.raw("payments.customers");
    int total = FILES * PER_FILE;
    Row counts = raw.agg(
        org.apache.spark.sql.functions.count("*"),
        countDistinct(col(RawColumns.STREAM_SEQUENCE)),
        countDistinct(col("customer_id"))).first();
    assertEquals(total, counts.getLong(0), "every record exactly once");
    assertEquals(total, counts.getLong(1));
    assertEquals(total, counts.getLong(2));
    List<Long> batchIds = raw.select(RawColumns.INGEST_BATCH_ID).distinct().orderBy(RawColumns.INGEST_BATCH_ID)
        .as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), batchIds);
    assertEquals(PER_FILE, raw.where(col(RawColumns.INGEST_BATCH_ID).equalTo(2)).count());
    assertEquals(FILES, SharedSpark.get().sql("DESCRIBE HISTORY delta.`" + lake.paths.rawChanges() + "`")
        .where("operation = 'WRITE'").count(), "one raw-zone commit per batch: the replay of batch 2 added none");
  }

  @Test
  void aQueryStoppedInTheMiddleOfABatchResumesWithoutDuplicates() throws Exception {
    Path input = DmsFiles.customers(3, 3);
    TestLake lake = TestLake.reading(input);
    FilesSource source = new FilesSource(input.toString(), 1);
    java.util.concurrent.CountDownLatch inBatch1 = new java.util.concurrent.CountDownLatch(1);

    IngestJob.Running first = IngestJob.launch(SharedSpark.get(), lake.config, TestLake.KEY, source,
        Trigger.ProcessingTime(500), counts -> {
          if (counts.batchId() == 1) {
            inBatch1.countDown();
            try {
              Thread.sleep(120_000); // an operator's stop (or a dying driver) arrives here
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("stopped before the batch was committed", e);
            }
          }
        });
    assertTrue(inBatch1.await(120, java.util.concurrent.TimeUnit.SECONDS), "batch 1 never started");
    first.query().stop();
    assertEquals(6, lake.raw("payments.customers").count(), "batch 1 was published but not committed");

    IngestReport resumed = IngestJob.runToEnd(IngestJob.launch(SharedSpark.get(), lake.config, TestLake.KEY, source,
        Trigger.AvailableNow(), counts -> { }));
    assertEquals(2, resumed.batches(), "batch 1 replayed, then batch 2");
    assertEquals(9, lake.raw("payments.customers").count());
    assertEquals(9, lake.raw("payments.customers").select("customer_id").distinct().count());
  }
}
