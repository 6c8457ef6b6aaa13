package io.cdclake.common.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps every emit in memory: the sink of tests, and of callers that want the figures themselves. */
public final class InMemorySink implements MetricsSink {
  /** One emit. */
  public record Emitted(Map<String, String> dimensions, List<Metric> metrics, Instant at) {
    public Optional<Double> value(String name) {
      return metrics.stream().filter(m -> m.name().equals(name)).map(Metric::value).findFirst();
    }
  }

  private final List<Emitted> emitted = new ArrayList<>();

  @Override
  public synchronized void emit(Map<String, String> dimensions, List<Metric> metrics, Instant at) {
    emitted.add(new Emitted(Map.copyOf(dimensions), List.copyOf(metrics), at));
  }

  public synchronized List<Emitted> emitted() {
    return List.copyOf(emitted);
  }

  /** Emits whose dimensions include all of {@code dimensions}. */
  public synchronized List<Emitted> where(Map<String, String> dimensions) {
    return emitted.stream().filter(e -> e.dimensions().entrySet().containsAll(dimensions.entrySet())).toList();
  }
}
