package io.cdclake.curate.merge;

/**
 * What one merge did. In SCD2 tables rows are versions: {@code inserted} counts new versions, {@code updated}
 * versions whose validity end changed or that a late change superseded (removed), {@code deleted} delete changes
 * applied.
 *
 * @param inserted       rows inserted
 * @param updated        rows updated (in soft-delete mode, also rows revived by a re-insert)
 * @param deleted        rows deleted or marked deleted
 * @param lateIgnored    changes older than what the table already held for their key (latest-state mode); in
 *                       SCD2 mode, load images read after a change of their key (no version)
 * @param lateBackfilled changes older than the key's newest version, placed into its history (SCD2 mode)
 * @param alreadyApplied changes the table already reflects: redeliveries, replayed batches
 */
public record MergeCounts(long inserted, long updated, long deleted, long lateIgnored, long lateBackfilled,
    long alreadyApplied) {

  public static final MergeCounts NONE = new MergeCounts(0, 0, 0, 0, 0, 0);

  public MergeCounts plus(MergeCounts o) {
    return new MergeCounts(inserted + o.inserted, updated + o.updated, deleted + o.deleted,
        lateIgnored + o.lateIgnored, lateBackfilled + o.lateBackfilled, alreadyApplied + o.alreadyApplied);
  }

  public boolean changedRows() {
    return inserted + updated + deleted > 0;
  }
}
