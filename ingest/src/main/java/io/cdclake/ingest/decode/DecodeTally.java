package io.cdclake.ingest.decode;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * The decoded records of one micro-batch by kind, table and reason, counted by the tasks as they decode, so the
 * batch's counts come with its write instead of from a pass of their own. Spark merges the tally of every
 * successful task attempt once and drops failed attempts' tallies, as it does for its own SQL metrics; like those,
 * a map stage that Spark recomputes after losing an executor counts its records again. The counts feed the log,
 * the metrics and the next batch's write layout; no row depends on them.
 */
public final class DecodeTally extends AccumulatorV2<DecodedRecord, Map<DecodeTally.Key, Long>> {
  private static final long serialVersionUID = 1L;

  /** What the counts are kept by: a record's kind, its table ({@code null} parts when unknown) and reason. */
  public record Key(String kind, String schemaName, String tableName, String reason)
      implements java.io.Serializable {
    static Key of(DecodedRecord r) {
      return new Key(r.kind().code(), r.schemaName(), r.tableName(), r.reason() == null ? null : r.reason().code());
    }
  }

  private HashMap<Key, Long> counts = new HashMap<>();

  /** A tally registered with {@code context}, so that tasks' tallies come back to the driver. */
  public static DecodeTally register(SparkContext context, String name) {
    DecodeTally tally = new DecodeTally();
    context.register(tally, name);
    return tally;
  }

  @Override
  public boolean isZero() {
    return counts.isEmpty();
  }

  @Override
  public DecodeTally copy() {
    DecodeTally c = new DecodeTally();
    c.counts = new HashMap<>(counts);
    return c;
  }

  @Override
  public void reset() {
    counts = new HashMap<>();
  }

  @Override
  public void add(DecodedRecord r) {
    counts.merge(Key.of(r), 1L, Long::sum);
  }

  @Override
  public void merge(AccumulatorV2<DecodedRecord, Map<Key, Long>> other) {
    other.value().forEach((k, n) -> counts.merge(k, n, Long::sum));
  }

  @Override
  public Map<Key, Long> value() {
    return counts;
  }
}
