package io.cdclake.ingest;

import io.cdclake.common.metrics.Metric;
import io.cdclake.common.metrics.MetricsSink;
import io.cdclake.common.pci.ErrorText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ingest stream running: when the query dies (a throttled shard, an S3 hiccup, a lost executor), it is
 * started again from its checkpoint after a growing pause, said in the log and counted in the {@code Restarts}
 * metric, instead of the application ending and the stream staying dead until someone notices.
 *
 * <p>It gives up, rethrowing the failure, after {@code maxConsecutiveFailures} failures in a row without a batch
 * committed in between: a failure that every attempt hits is not transient, and the step must fail visibly (the
 * ingest alarm fires on missing batches). Restarting is safe because every batch is idempotent (a batch replayed
 * from the checkpoint writes nothing twice, see {@code RawZoneWriter}).
 */
public final class IngestSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(IngestSupervisor.class);

  /** How often and how patiently a dead stream is restarted. */
  public record RestartPolicy(int maxConsecutiveFailures, Duration firstPause, Duration maxPause) {
    public static RestartPolicy defaults() {
      return new RestartPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    Duration pauseAfter(int consecutiveFailures) {
      Duration pause = firstPause.multipliedBy(1L << Math.min(20, consecutiveFailures - 1));
      return pause.compareTo(maxPause) > 0 ? maxPause : pause;
    }
  }

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  public interface Pause {
    void sleep(Duration d) throws InterruptedException;
  }

  private final Supplier<StreamingQuery> start;
  private final RestartPolicy policy;
  private final MetricsSink metrics;
  private final Pause pause;
  private volatile StreamingQuery current;
  private volatile boolean stopping;
  private int restarts;

  public IngestSupervisor(Supplier<StreamingQuery> start, RestartPolicy policy, MetricsSink metrics, Pause pause) {
    this.start = start;
    this.policy = policy;
    this.metrics = metrics;
    this.pause = pause;
  }

  /** Runs until the query ends by itself or {@link #stop()}; throws once the policy gives up. */
  public void run() throws StreamingQueryException {
    int failuresInARow = 0;
    while (!stopping) {
      StreamingQuery query = start.get();
      current = query;
      if (stopping) {
        stopQuietly(query);
        return;
      }
      try {
        query.awaitTermination();
        return;
      } catch (StreamingQueryException e) {
        if (stopping) {
          return;
        }
        // A batch committed since the last start means the stream was healthy: count failures afresh.
        failuresInARow = query.lastProgress() != null ? 1 : failuresInARow + 1;
        String why = ErrorText.summary(e);
        if (failuresInARow >= policy.maxConsecutiveFailures()) {
          LOG.error("ingest stream failed {} time(s) in a row without committing a batch; giving up (the step"
              + " fails; it resumes from its checkpoint when started again): {}", failuresInARow, why);
          throw e;
        }
        Duration wait = policy.pauseAfter(failuresInARow);
        restarts++;
        LOG.warn("ingest stream failed ({} of at most {} in a row): {}; restarting it from its checkpoint in {} s"
            + " (restart {} of this run)", failuresInARow, policy.maxConsecutiveFailures(), why, wait.toSeconds(),
            restarts);
        metrics.emit(Map.of("Job", "ingest"), List.of(Metric.count("Restarts", 1)), Instant.now());
        try {
          pause.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Stops the running query between batches and keeps it from being restarted (SIGTERM, step cancelled). */
  public void stop() {
    stopping = true;
    StreamingQuery query = current;
    if (query != null) {
      stopQuietly(query);
    }
  }

  public int restarts() {
    return restarts;
  }

  private static void stopQuietly(StreamingQuery query) {
    try {
      query.stop();
    } catch (TimeoutException e) {
      LOG.warn("ingest query did not stop in time: {}", e.getMessage());
    }
  }
}
