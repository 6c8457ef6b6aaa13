package io.cdclake.ingest.write;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one append spreads a batch over tasks and files, from its rows per table. Adaptive execution is off inside
 * micro-batches, so this decides what it would: each (table, day) written by one task as one file, except a table
 * that holds a large share of the batch (a full load, one busy table), which is split over several tasks so it
 * never runs on one core; and no shuffle at all when the input partitions already write no more files, on no
 * fewer tasks, than the shuffle would (the shuffle costs a copy of the batch).
 *
 * @param shuffle whether rows are shuffled by table and day (and split part) before the write
 * @param tasks   tasks of the shuffled write: enough for the cores, never more than there are files to write
 * @param splits  parts of each table written by more than one task (tables absent: one part)
 * @param files   data files the write makes (at most; a day boundary inside the batch adds some)
 * @param tablesPerTask tables (or table parts) one task writes, about: every table of the batch for an unshuffled
 *                      write (any partition may hold rows of each), the parts shared out over the tasks for a
 *                      shuffled one
 */
record WriteLayout(boolean shuffle, int tasks, Map<String, Long> splits, long files, long tablesPerTask) {
  /** Rows per file above which a table is split whatever its share (Parquet files of a sane size). */
  static final long ROWS_PER_FILE = 250_000;
  /** Rows below which a table is never split: a quiet table stays one file per batch, whatever the cores. */
  static final long MIN_ROWS_PER_SPLIT = 5_000;

  /**
   * @param rowsPerTable    rows of each table in the batch; empty when unknown (then shuffled into one task)
   * @param cores           the cores the write can use
   * @param inputPartitions partitions of the rows as they arrive at the write
   */
  static WriteLayout of(Map<String, Long> rowsPerTable, int cores, int inputPartitions) {
    long total = Math.max(1, rowsPerTable.values().stream().mapToLong(Long::longValue).sum());
    Map<String, Long> splits = new LinkedHashMap<>();
    long units = 0;
    long unshuffled = 0;
    boolean partitionsFit = true;
    for (Map.Entry<String, Long> e : rowsPerTable.entrySet()) {
      long n = e.getValue();
      long parts = Math.max((n + ROWS_PER_FILE - 1) / ROWS_PER_FILE,
          Math.min(n * cores / total, n / MIN_ROWS_PER_SPLIT));
      units += Math.max(1, parts);
      unshuffled += Math.min(n, inputPartitions);
      partitionsFit &= (n + inputPartitions - 1) / inputPartitions <= ROWS_PER_FILE;
      if (parts > 1) {
        splits.put(e.getKey(), parts);
      }
    }
    int tasks = (int) Math.max(1, Math.min(cores, units));
    if (!rowsPerTable.isEmpty() && unshuffled <= units && inputPartitions >= tasks && partitionsFit) {
      return new WriteLayout(false, inputPartitions, Map.of(), unshuffled, rowsPerTable.size());
    }
    long files = Math.max(1, units);
    return new WriteLayout(true, tasks, Map.copyOf(splits), files, (files + tasks - 1) / tasks);
  }
}
