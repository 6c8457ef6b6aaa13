package io.cdclake.ingest.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.decode.BatchDecoder;
import io.cdclake.ingest.decode.TestRows;
import io.cdclake.ingest.source.SourceColumns;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The writer skips the history lookup for a batch that follows one it saw through to the end; these calls are what
 * Spark does around failures, and each must still leave every record in the raw zone exactly once.
 */
class RawZoneWriterReplayTest {
  private static final HashKey KEY = HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  /** A lake configured like the local run, in a temporary folder. */
  record Lake(PipelineConfig config, LakePaths paths) {
    RawZoneWriter writer(java.util.function.Consumer<BatchCounts> afterPublish) {
      return new RawZoneWriter(BatchDecoder.of(config.tables(), KEY), paths, afterPublish);
    }
  }

  static Lake lake() {
    String dir = SharedSpark.newDir("writer-").toString();
    PipelineConfig config = new ConfigLoader(Map.of("CDC_LAKE_DIR", dir, "CDC_INPUT_DIR", dir))
        .loadEnvironment(ProjectFiles.conf(), "local");
    return new Lake(config, new LakePaths(config.zones()));
  }

  @Test
  void eachPublishedBatchEmitsItsFigures() {
    SparkSession spark = SharedSpark.get();
    Lake lake = lake();
    io.cdclake.common.metrics.InMemorySink sink = new io.cdclake.common.metrics.InMemorySink();
    RawZoneWriter writer = new RawZoneWriter(BatchDecoder.of(lake.config().tables(), KEY), lake.paths(),
        counts -> { }, sink);
    spark.sparkContext().setLocalProperty("sql.streaming.queryId", "query-metrics");
    try {
      writer.call(batch(spark, 1, 3), 0L);
    } finally {
      spark.sparkContext().setLocalProperty("sql.streaming.queryId", null);
    }
    assertEquals(1, sink.emitted().size());
    var batch = sink.emitted().get(0);
    assertEquals(Map.of("Job", "ingest"), batch.dimensions());
    assertEquals(3.0, batch.value("RecordsIn").orElseThrow());
    assertEquals(3.0, batch.value("RowsWritten").orElseThrow());
    assertEquals(0.0, batch.value("Quarantined").orElseThrow());
    assertEquals(true, batch.value("BatchMillis").orElseThrow() > 0);
    assertEquals(true, batch.value("RawMillis").isPresent(), batch.metrics().toString());
  }

  @Test
  void aBatchCalledAgainAfterAFailureInTheSameWriterIsNotAppendedTwice() {
    SparkSession spark = SharedSpark.get();
    Lake lake = lake();
    LakePaths paths = lake.paths();
    AtomicBoolean crashAfterPublish = new AtomicBoolean();
    RawZoneWriter writer = lake.writer(counts -> {
      if (crashAfterPublish.getAndSet(false)) {
        throw new IllegalStateException("crash after the append, before Spark commits the batch");
      }
    });
    spark.sparkContext().setLocalProperty("sql.streaming.queryId", "query-1");
    try {
      writer.call(batch(spark, 1, 2), 0L);
      crashAfterPublish.set(true);
      assertThrows(IllegalStateException.class, () -> writer.call(batch(spark, 3, 2), 1L));
      assertEquals(4, rows(spark, paths), "batch 1 was appended before the crash");

      writer.call(batch(spark, 3, 2), 1L); // Spark's replay of the uncommitted batch 1
      assertEquals(4, rows(spark, paths), "the replayed batch 1 found its own append and skipped it");

      writer.call(batch(spark, 5, 2), 2L);
      writer.call(batch(spark, 7, 2), 3L);
      assertEquals(8, rows(spark, paths));

      // A writer of a new run (a restart) cannot trust any batch id: it replays batch 3, which is committed.
      RawZoneWriter restarted = lake.writer(counts -> { });
      restarted.call(batch(spark, 7, 2), 3L);
      assertEquals(8, rows(spark, paths), "a restarted writer looks its first batch up");
      assertEquals(4, writer.report().batches(), "the failed call is not counted");
    } finally {
      spark.sparkContext().setLocalProperty("sql.streaming.queryId", null);
    }
  }

  /**
   * After the first batch of a run, a batch is decoded by its write and counted as it is decoded: its counts, its
   * raw rows and its quarantine must be what the counted first batch would have given.
   */
  @Test
  void laterBatchesAreWrittenInOnePassWithTheirCountsAndQuarantine() {
    SparkSession spark = SharedSpark.get();
    Lake lake = lake();
    List<BatchCounts> published = new ArrayList<>();
    RawZoneWriter writer = lake.writer(published::add);
    spark.sparkContext().setLocalProperty("sql.streaming.queryId", "query-one-pass");
    try {
      writer.call(batch(spark, 1, 3), 0L);
      writer.call(withMalformed(spark, batch(spark, 4, 2), 2), 1L);
      writer.call(withMalformed(spark, batch(spark, 6, 4), 1), 2L);
    } finally {
      spark.sparkContext().setLocalProperty("sql.streaming.queryId", null);
    }
    assertEquals(true, published.get(0).phaseMillis().containsKey("decode"), "the first batch is counted first");
    for (int b = 1; b < 3; b++) {
      assertEquals(false, published.get(b).phaseMillis().containsKey("decode"),
          "batch " + b + " is decoded by its write: " + published.get(b).phaseMillis());
    }
    assertEquals(List.of(3L, 4L, 5L), published.stream().map(BatchCounts::recordsIn).toList());
    assertEquals(Map.of("payments.customers", 4L), published.get(2).rowsWritten());
    assertEquals(Map.of("malformed_json", 1L), published.get(2).quarantined());
    assertEquals(Map.of("malformed_json", 2L), published.get(1).quarantined());
    for (long b = 0; b < 3; b++) {
      BatchCounts c = published.get((int) b);
      assertEquals(c.rowsWritten().values().stream().mapToLong(Long::longValue).sum(),
          spark.read().format("delta").load(lake.paths().rawChanges()).where("_ingest_batch_id = " + b).count(),
          "raw rows of batch " + b);
      assertEquals(c.quarantinedTotal(), spark.read().format("delta").load(lake.paths().quarantine("ingest"))
          .where("_ingest_batch_id = " + b).count(), "quarantined records of batch " + b);
    }
  }

  /** {@code rows} with {@code n} lines that are not JSON added. */
  private static org.apache.spark.sql.Dataset<Row> withMalformed(SparkSession spark,
      org.apache.spark.sql.Dataset<Row> rows, int n) {
    List<Row> bad = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bad.add(RowFactory.create(("{\"metadata\": truncated " + i).getBytes(StandardCharsets.UTF_8),
          Timestamp.from(T0), String.format("%020d", 900 + i), "pk-bad", "test:bad-" + i));
    }
    return rows.union(spark.createDataFrame(bad, SourceColumns.schema()));
  }

  private static long rows(SparkSession spark, LakePaths paths) {
    return spark.read().format("delta").load(paths.rawChanges()).count();
  }

  /** {@code n} customer inserts with ids from {@code firstId}, shaped as a source's micro-batch. */
  static org.apache.spark.sql.Dataset<Row> batch(SparkSession spark, long firstId, int n) {
    List<Row> rows = new ArrayList<>();
    for (long id = firstId; id < firstId + n; id++) {
      String json = DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, "payments", "customers",
          T0.plusSeconds(id), TestRows.customer(id)));
      rows.add(RowFactory.create(json.getBytes(StandardCharsets.UTF_8), Timestamp.from(T0.plusSeconds(id)),
          String.format("%020d", id), "pk-" + id, "test:" + id));
    }
    return spark.createDataFrame(rows, SourceColumns.schema());
  }
}
