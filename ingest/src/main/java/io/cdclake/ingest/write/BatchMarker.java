package io.cdclake.ingest.write;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Exactly-once appends of the ingest query to a Delta table, by a marker in each commit's {@code userMetadata}:
 * {@code cdclake-ingest/<query id>/<batch id>}. Spark replays only the latest micro-batch that it did not commit,
 * with the same id, so the only append a replay can have made already is the table's latest ingest commit: the
 * replay looks that commit up in the table's history and skips the append when it carries the batch's marker.
 *
 * <p>Why not Delta's {@code txnAppId}/{@code txnVersion}: Delta checks them against the transaction state of the
 * whole snapshot, rebuilt after every commit, which cost about 0.5 s per micro-batch here and grows with the
 * number of files the table holds; the raw zone gains a commit every 30 s for years. The history lookup reads only
 * the newest commits (other writers, such as {@code replay-quarantine}, add few), whatever the table's age.
 */
final class BatchMarker {
  static final String PREFIX = "cdclake-ingest/";
  /** Commits read at first; the window grows tenfold while it holds no ingest commit. */
  static final int FIRST_WINDOW = 20;

  private final String marker;

  /** @param stream the query id, with a suffix per table the query writes to */
  BatchMarker(String stream, long batchId) {
    this.marker = PREFIX + stream + "/" + batchId;
  }

  /** The writer option that stamps an append with this marker. */
  Map<String, String> writeOptions() {
    return Map.of("userMetadata", marker);
  }

  /** Whether the table's latest ingest commit is this batch's (an earlier attempt committed it). */
  boolean committed(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return false;
    }
    for (int window = FIRST_WINDOW; ; window *= 10) {
      List<Row> commits = DeltaTable.forPath(spark, path).history(window)
          .select("version", "userMetadata").orderBy(org.apache.spark.sql.functions.col("version").desc())
          .collectAsList();
      for (Row c : commits) {
        String meta = c.getString(1);
        if (meta != null && meta.startsWith(PREFIX)) {
          return meta.equals(marker);
        }
      }
      if (commits.size() < window) {
        return false;
      }
    }
  }

  @Override
  public String toString() {
    return marker;
  }
}
