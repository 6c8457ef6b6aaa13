package io.cdclake.common.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where jobs publish their per-batch and per-table figures. Implementations must be thread-safe: curate publishes
 * from its table workers.
 */
public interface MetricsSink {
  /** The namespace every cdclake metric is published under. */
  String NAMESPACE = "cdclake";

  /**
   * @param dimensions what the figures are of ({@code Job=ingest}, {@code Table=payments_cards}, ...)
   */
  void emit(Map<String, String> dimensions, List<Metric> metrics, Instant at);

  /** A sink that drops everything, for callers that publish nothing. */
  MetricsSink NONE = (dimensions, metrics, at) -> { };
}
