package io.cdclake.bench;

import io.cdclake.ingest.IngestJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Watches the ingest query: when each micro-batch's raw files became visible (through the job's after-publish
 * hook, called as soon as a batch's files are in place) and how long each micro-batch took (Spark's progress
 * events). Raw-zone latency of a record is then its batch's visibility time minus its creation stamp.
 */
public final class IngestProbe extends StreamingQueryListener implements LongConsumer {
  /** One finished micro-batch of the ingest query. */
  public record Batch(long batchId, long durationMs, long inputRows) {}

  private final Map<Long, Long> visibleAtMs = new ConcurrentHashMap<>();
  private final List<Batch> batches = new ArrayList<>();
  private final SparkSession spark;
  private int events;

  private IngestProbe(SparkSession spark) {
    this.spark = spark;
  }

  /** A probe registered with the session; {@link #close()} unregisters it. */
  public static IngestProbe attach(SparkSession spark) {
    IngestProbe probe = new IngestProbe(spark);
    spark.streams().addListener(probe);
    return probe;
  }

  /** The after-publish hook: batch {@code batchId}'s raw files are visible now. */
  @Override
  public void accept(long batchId) {
    visibleAtMs.putIfAbsent(batchId, System.currentTimeMillis());
  }

  public Map<Long, Long> visibleAtMs() {
    return Map.copyOf(visibleAtMs);
  }

  /** Micro-batches that had input, in completion order. */
  public synchronized List<Batch> batches() {
    return List.copyOf(batches);
  }

  /** Progress events of the ingest query so far, with or without input. */
  public synchronized int progressEvents() {
    return events;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public synchronized void onQueryProgress(QueryProgressEvent event) {
    if (!IngestJob.QUERY_NAME.equals(event.progress().name())) {
      return;
    }
    events++;
    Long duration = event.progress().durationMs().get("triggerExecution");
    long rows = event.progress().numInputRows();
    if (duration != null && rows > 0) {
      batches.add(new Batch(event.progress().batchId(), duration, rows));
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  public void close() {
    spark.streams().removeListener(this);
  }
}
