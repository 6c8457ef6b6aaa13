package io.cdclake.bench.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * Exact latency percentiles from counts per millisecond value. Spark aggregates latencies to
 * {@code (latency_ms, count)} pairs, so a run of millions of records comes back to the driver as at most one pair
 * per distinct millisecond.
 */
public final class LatencyHistogram {
  private final TreeMap<Long, Long> counts = new TreeMap<>();
  private long total;

  public void add(long latencyMs, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("negative count " + count);
    }
    if (count > 0) {
      counts.merge(latencyMs, count, Long::sum);
      total += count;
    }
  }

  public void addAll(Map<Long, Long> latencyCounts) {
    latencyCounts.forEach(this::add);
  }

  public long count() {
    return total;
  }

  /**
   * The smallest latency at or below which at least {@code percentile} percent of the samples lie (nearest rank).
   *
   * @throws IllegalStateException when there are no samples
   */
  public long percentile(double percentile) {
    if (percentile <= 0 || percentile > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
    }
    if (total == 0) {
      throw new IllegalStateException("no latency samples");
    }
    long rank = (long) Math.ceil(percentile / 100.0 * total);
    long seen = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    return counts.lastKey();
  }

  public long max() {
    if (total == 0) {
      throw new IllegalStateException("no latency samples");
    }
    return counts.lastKey();
  }

  public double mean() {
    if (total == 0) {
      throw new IllegalStateException("no latency samples");
    }
    double sum = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      sum += (double) e.getKey() * e.getValue();
    }
    return sum / total;
  }
}
