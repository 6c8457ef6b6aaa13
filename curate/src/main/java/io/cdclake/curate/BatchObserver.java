package io.cdclake.curate;

import io.cdclake.common.config.TableContract;
import io.cdclake.curate.merge.MergeCounts;

/**
 * Called after each micro-batch of a table has been merged, before the stream commits it to its checkpoint.
 * For metrics and tests (a test throws here to simulate a crash between the MERGE commit and the checkpoint
 * commit).
 */
@FunctionalInterface
public interface BatchObserver {
  BatchObserver NONE = (table, batchId, counts) -> {};

  void afterMerge(TableContract table, long batchId, MergeCounts counts);
}
