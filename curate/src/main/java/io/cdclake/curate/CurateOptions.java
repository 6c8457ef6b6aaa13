package io.cdclake.curate;

import java.util.Set;

/**
 * Knobs of a curate run; {@link #defaults()} is what the scheduled job uses.
 *
 * @param maxFilesPerBatch raw files per micro-batch: a long backlog is merged in several commits instead of one
 *                         huge one (each batch is checkpointed, so a failure loses at most one batch of work)
 * @param onlyTables       curated table names to run; empty means every contract
 * @param observer         called after each batch's merge
 */
public record CurateOptions(int maxFilesPerBatch, Set<String> onlyTables, BatchObserver observer) {
  public CurateOptions {
    if (maxFilesPerBatch < 1) {
      throw new IllegalArgumentException("maxFilesPerBatch must be at least 1, was " + maxFilesPerBatch);
    }
    onlyTables = Set.copyOf(onlyTables);
    observer = observer == null ? BatchObserver.NONE : observer;
  }

  public static CurateOptions defaults() {
    return new CurateOptions(1000, Set.of(), BatchObserver.NONE);
  }

  public CurateOptions withMaxFilesPerBatch(int n) {
    return new CurateOptions(n, onlyTables, observer);
  }

  public CurateOptions withOnlyTables(Set<String> tables) {
    return new CurateOptions(maxFilesPerBatch, tables, observer);
  }

  public CurateOptions withObserver(BatchObserver o) {
    return new CurateOptions(maxFilesPerBatch, onlyTables, o);
  }

  boolean includes(String curatedTable) {
    return onlyTables.isEmpty() || onlyTables.contains(curatedTable);
  }
}
