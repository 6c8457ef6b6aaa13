package io.cdclake.ingest.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The publication protocol itself, on small frames: replays of a batch id replace, never add. */
class BatchPublisherTest {
  private final SparkSession spark = SharedSpark.get();
  private final Configuration conf = spark.sparkContext().hadoopConfiguration();

  private Dataset<Row> rows(int from, int to) {
    return spark.range(from, to).selectExpr("id", "'2024' as year", "'03' as month", "lpad(cast(id % 2 + 1 as string), 2, '0') as day");
  }

  private static List<Path> dataFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("_ingest_staging")).toList();
    }
  }

  private long count(Path root) {
    return spark.read().parquet(root.toString()).count();
  }

  @Test
  void publishesStagedFilesUnderBatchNamedFilesInTheirPartitions() throws IOException {
    Path dir = SharedSpark.newDir("publisher-");
    Path target = dir.resolve("t");
    BatchPublisher p = new BatchPublisher(conf, dir.resolve("manifests").toString(), 3);
    assertEquals(0, p.rollBackEarlierAttempt());
    p.stage(target.toString(), rows(0, 10), List.of("year", "month", "day"));
    List<String> published = p.publish();
    assertEquals(dataFiles(target).size(), published.size());
    for (Path f : dataFiles(target)) {
      assertTrue(f.getFileName().toString().startsWith("batch-000000000003-"), f.toString());
      assertTrue(f.getParent().getFileName().toString().matches("day=0[12]"));
    }
    assertEquals(10, count(target));
    assertFalse(Files.exists(target.resolve("_ingest_staging").resolve("batch-3")));
    assertTrue(Files.exists(dir.resolve("manifests").resolve("00000000000000000003.json")));
  }

  @Test
  void aReplayRemovesWhatTheEarlierAttemptPublished() throws IOException {
    Path dir = SharedSpark.newDir("publisher-");
    Path target = dir.resolve("t");
    String manifests = dir.resolve("manifests").toString();
    BatchPublisher before = new BatchPublisher(conf, manifests, 0);
    before.stage(target.toString(), rows(0, 5), List.of("year", "month", "day"));
    before.publish();
    BatchPublisher crashed = new BatchPublisher(conf, manifests, 1);
    crashed.rollBackEarlierAttempt();
    crashed.stage(target.toString(), rows(5, 12), List.of("year", "month", "day"));
    List<String> published = crashed.publish();
    // A crash in the middle of the moves: one file never made it out of staging.
    Files.delete(Path.of(java.net.URI.create(published.get(0))));

    BatchPublisher replay = new BatchPublisher(conf, manifests, 1);
    assertEquals(published.size() - 1, replay.rollBackEarlierAttempt());
    replay.stage(target.toString(), rows(5, 12), List.of("year", "month", "day"));
    replay.publish();
    assertEquals(12, count(target), "batch 0 untouched, batch 1 exactly once");
    assertEquals(12, spark.read().parquet(target.toString()).select("id").distinct().count());
  }

  @Test
  void aCrashWhileStagingLeavesNothingVisible() {
    Path dir = SharedSpark.newDir("publisher-");
    Path target = dir.resolve("t");
    String manifests = dir.resolve("manifests").toString();
    BatchPublisher crashed = new BatchPublisher(conf, manifests, 0);
    crashed.stage(target.toString(), rows(0, 5), List.of("year", "month", "day"));
    // No publish: the process died here.
    BatchPublisher replay = new BatchPublisher(conf, manifests, 0);
    assertEquals(0, replay.rollBackEarlierAttempt());
    replay.stage(target.toString(), rows(0, 5), List.of("year", "month", "day"));
    replay.publish();
    assertEquals(5, count(target));
  }

  @Test
  void onlyTheLatestManifestsAreKept() {
    Path dir = SharedSpark.newDir("publisher-");
    String manifests = dir.resolve("manifests").toString();
    BatchPublisher old = new BatchPublisher(conf, manifests, 5);
    old.stage(dir.resolve("t").toString(), rows(0, 1), List.of("year", "month", "day"));
    old.publish();
    assertTrue(Files.exists(dir.resolve("manifests").resolve("00000000000000000005.json")));
    BatchPublisher later = new BatchPublisher(conf, manifests, 5 + BatchPublisher.RETAINED_MANIFESTS);
    later.stage(dir.resolve("t").toString(), rows(1, 2), List.of("year", "month", "day"));
    later.publish();
    assertFalse(Files.exists(dir.resolve("manifests").resolve("00000000000000000005.json")));
    assertTrue(Files.exists(dir.resolve("manifests").resolve("00000000000000000105.json")));
    assertEquals(2, count(dir.resolve("t")), "expiring a manifest never touches data");
  }
}
