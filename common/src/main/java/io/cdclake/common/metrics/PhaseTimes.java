package io.cdclake.common.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Wall time per phase of one unit of work (a micro-batch, a table's curate run), in the order the phases first
 * ran; a phase that runs again (one per batch) adds up. For the log line and the run report: where a slow batch
 * spent its time, without the Spark UI. Not thread-safe: one per unit of work.
 */
public final class PhaseTimes {
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private long mark;

  private PhaseTimes(long startNanos) {
    this.mark = startNanos;
  }

  public static PhaseTimes start() {
    return new PhaseTimes(System.nanoTime());
  }

  /** Phases timed from an earlier {@link System#nanoTime()}. */
  public static PhaseTimes startedAt(long nanos) {
    return new PhaseTimes(nanos);
  }

  /** Ends {@code phase}: the time since the previous phase ended (or the start) is added to it. */
  public void end(String phase) {
    long now = System.nanoTime();
    millis.merge(phase, (now - mark) / 1_000_000, Long::sum);
    mark = now;
  }

  /** Runs {@code body} as {@code phase}; what ran before it since the last mark is not counted. */
  public <T> T time(String phase, Supplier<T> body) {
    mark = System.nanoTime();
    try {
      return body.get();
    } finally {
      end(phase);
    }
  }

  public void time(String phase, Runnable body) {
    time(phase, () -> {
      body.run();
      return null;
    });
  }

  /** Skips the time since the last mark (work that belongs to no phase). */
  public void restart() {
    mark = System.nanoTime();
  }

  public Map<String, Long> millis() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(millis));
  }

  /** {@code name 12 ms, name 340 ms}. */
  public static String render(Map<String, Long> millis) {
    StringJoiner out = new StringJoiner(", ");
    millis.forEach((name, ms) -> out.add(name + " " + ms + " ms"));
    return out.toString();
  }

  @Override
  public String toString() {
    return render(millis);
  }
}
