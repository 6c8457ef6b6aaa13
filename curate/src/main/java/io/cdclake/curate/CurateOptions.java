package io.cdclake.curate;

import io.cdclake.common.metrics.EmfLogSink;
import io.cdclake.common.metrics.MetricsSink;
import java.util.Set;

/**
 * Knobs of a curate run; {@link #defaults()} is what the scheduled job uses.
 *
 * @param maxFilesPerBatch raw files per micro-batch: a long backlog is merged in several commits instead of one
 *                         huge one (each batch is checkpointed, so a failure loses at most one batch of work)
 * @param onlyTables       curated table names to run; empty means every contract
 * @param observer         called after each batch's merge
 * @param parallelism      tables curated at the same time. Each table's run is mostly driver work between short
 *                         Spark jobs (log replay, planning, commits), so several tables overlap well even on few
 *                         cores; the bound keeps the driver and the cluster from being swamped by hundreds
 */
public record CurateOptions(int maxFilesPerBatch, Set<String> onlyTables, BatchObserver observer,
    int parallelism, MetricsSink metrics) {
  public static final int DEFAULT_PARALLELISM = 4;

  public CurateOptions {
    if (maxFilesPerBatch < 1) {
      throw new IllegalArgumentException("maxFilesPerBatch must be at least 1, was " + maxFilesPerBatch);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
    }
    onlyTables = Set.copyOf(onlyTables);
    observer = observer == null ? BatchObserver.NONE : observer;
    metrics = metrics == null ? MetricsSink.NONE : metrics;
  }

  public static CurateOptions defaults() {
    return new CurateOptions(1000, Set.of(), BatchObserver.NONE, DEFAULT_PARALLELISM, new EmfLogSink());
  }

  public CurateOptions withMaxFilesPerBatch(int n) {
    return new CurateOptions(n, onlyTables, observer, parallelism, metrics);
  }

  public CurateOptions withOnlyTables(Set<String> tables) {
    return new CurateOptions(maxFilesPerBatch, tables, observer, parallelism, metrics);
  }

  public CurateOptions withObserver(BatchObserver o) {
    return new CurateOptions(maxFilesPerBatch, onlyTables, o, parallelism, metrics);
  }

  public CurateOptions withParallelism(int n) {
    return new CurateOptions(maxFilesPerBatch, onlyTables, observer, n, metrics);
  }

  /** Where each table's figures go after its run ({@code Job=curate}, {@code Table=<curated table>}). */
  public CurateOptions withMetrics(MetricsSink sink) {
    return new CurateOptions(maxFilesPerBatch, onlyTables, observer, parallelism, sink);
  }

  boolean includes(String curatedTable) {
    return onlyTables.isEmpty() || onlyTables.contains(curatedTable);
  }
}
