package io.cdclake.bench;

import io.cdclake.ingest.write.BatchCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Watches the ingest query through the job's after-publish hook, which runs as soon as a micro-batch's raw files
 * are in place: when each batch became visible and how many records it carried. Raw-zone latency of a record is
 * its batch's visibility time minus its creation stamp. Batch durations come from the query's own progress
 * reports (the session keeps enough of them, see {@link Benchmark#session}).
 */
public final class IngestProbe implements Consumer<BatchCounts> {
  /** One micro-batch that carried records. */
  public record Batch(long batchId, long durationMs, long records) {}

  private final Map<Long, Long> visibleAtMs = new ConcurrentHashMap<>();
  private final Map<Long, Long> records = new ConcurrentHashMap<>();

  @Override
  public void accept(BatchCounts counts) {
    visibleAtMs.putIfAbsent(counts.batchId(), System.currentTimeMillis());
    records.put(counts.batchId(), counts.recordsIn());
  }

  public Map<Long, Long> visibleAtMs() {
    return Map.copyOf(visibleAtMs);
  }

  /** Batches with records, in batch order, with the duration Spark reported for them. */
  public List<Batch> batches(StreamingQuery query) {
    List<Batch> out = new ArrayList<>();
    for (StreamingQueryProgress p : query.recentProgress()) {
      Long n = records.get(p.batchId());
      Long duration = p.durationMs().get("triggerExecution");
      if (n != null && n > 0 && duration != null) {
        out.add(new Batch(p.batchId(), duration, n));
      }
    }
    return out;
  }
}
