package io.cdclake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.metrics.InMemorySink;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.source.FilesSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

/** The watchdog restarts a dead stream from its checkpoint, exactly once, and gives up on a failure that persists. */
class IngestSupervisorTest {
  private static final IngestSupervisor.RestartPolicy POLICY = new IngestSupervisor.RestartPolicy(3,
      Duration.ofSeconds(10), Duration.ofSeconds(15));

  @Test
  void aStreamThatDiesIsRestartedFromItsCheckpointAndLosesNothing() throws Exception {
    Path input = DmsFiles.customers(4, 3);
    TestLake lake = TestLake.reading(input);
    FilesSource source = new FilesSource(input.toString(), 1);
    AtomicInteger starts = new AtomicInteger();
    List<Duration> pauses = new ArrayList<>();
    InMemorySink sink = new InMemorySink();
    IngestSupervisor supervisor = new IngestSupervisor(() -> {
      int attempt = starts.incrementAndGet();
      return IngestJob.launch(SharedSpark.get(), lake.config, TestLake.KEY, source, Trigger.AvailableNow(),
          counts -> {
            if (attempt == 1 && counts.batchId() == 1) {
              throw new IllegalStateException("simulated executor loss in batch 1");
            }
          }).query();
    }, POLICY, sink, pauses::add);

    supervisor.run();

    assertEquals(2, starts.get(), "started once more after the failure");
    assertEquals(1, supervisor.restarts());
    assertEquals(List.of(Duration.ofSeconds(10)), pauses);
    assertEquals(1, sink.where(Map.of("Job", "ingest")).stream()
        .filter(e -> e.value("Restarts").isPresent()).count(), "the restart is counted in the metrics");
    Row counts = lake.raw("payments.customers").agg(org.apache.spark.sql.functions.count("*"),
        countDistinct(col(RawColumns.STREAM_SEQUENCE))).first();
    assertEquals(12L, counts.getLong(0), "every record once: the failed batch was replayed, not duplicated");
    assertEquals(12L, counts.getLong(1));
  }

  @Test
  void aFailureEveryAttemptHitsEndsTheRunWithItsCause() {
    Path input = DmsFiles.customers(2, 2);
    TestLake lake = TestLake.reading(input);
    FilesSource source = new FilesSource(input.toString(), 1);
    AtomicInteger starts = new AtomicInteger();
    List<Duration> pauses = new ArrayList<>();
    IngestSupervisor supervisor = new IngestSupervisor(() -> {
      starts.incrementAndGet();
      return IngestJob.launch(SharedSpark.get(), lake.config, TestLake.KEY, source, Trigger.AvailableNow(),
          counts -> {
            throw new IllegalStateException("bucket policy denies PutObject");
          }).query();
    }, POLICY, new InMemorySink(), pauses::add);

    StreamingQueryException e = assertThrows(StreamingQueryException.class, supervisor::run);
    assertTrue(e.getMessage().contains("bucket policy denies PutObject"), e.getMessage());
    assertEquals(3, starts.get(), "three failures in a row without a committed batch, then it gives up");
    assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(15)), pauses, "growing, capped pauses");
  }
}
