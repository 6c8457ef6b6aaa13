package io.cdclake.common.delta;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the state of Delta tables through Delta's public API only ({@link DeltaTable}, time travel), so the jar
 * runs on whichever Delta 3.x the EMR release ships rather than on the one minor version whose internals it was
 * compiled against.
 *
 * <p>No public call returns a version together with the metadata of that version, so a snapshot is assembled
 * from three reads: the newest version v from the history, the schema of v by time travel, and partitioning,
 * properties and features from {@link DeltaTable#detail()}, which describes whatever version is newest when it
 * runs. The history is read again afterwards: versions only grow, so when it still says v, the detail described
 * v too. When it says more, a commit landed in between and the reads start over from the newer version.
 *
 * <p>Cost: each history read is a one-task Spark job. {@code detail()} also reports the file count and size, so
 * for a version it has not seen before Delta rebuilds that version's file list (a few jobs; cached with the
 * snapshot afterwards). {@code SHOW TBLPROPERTIES} would avoid that, but its output redacts every property whose
 * key or value matches Spark's redaction patterns ({@code spark.sql.redaction.options.regex}, by default anything
 * containing "url", and {@code spark.redaction.regex}: secrets, passwords, tokens, keys).
 */
public final class DeltaSnapshots {
  /** Reads in a row that may each be overtaken by a commit before the table is declared too busy to read. */
  static final int MAX_ATTEMPTS = 5;

  private final SparkSession spark;
  private final Runnable betweenReads;

  public DeltaSnapshots(SparkSession spark) {
    this(spark, () -> {});
  }

  /** @param betweenReads runs in each gap between two reads of an attempt; tests commit there to race the reader */
  DeltaSnapshots(SparkSession spark, Runnable betweenReads) {
    this.spark = spark;
    this.betweenReads = betweenReads;
  }

  /** The newest snapshot of the table at {@code path}, or empty when no Delta table exists there. */
  public Optional<DeltaSnapshot> latest(String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    return Optional.of(latest(path, latestVersion(path)));
  }

  /**
   * The snapshot of {@code newest}, a version the history has just reported as the newest, or of a later one if
   * commits land while it is read.
   *
   * @throws IllegalStateException when every one of {@link #MAX_ATTEMPTS} reads in a row was overtaken by a commit
   */
  public DeltaSnapshot latest(String path, long newest) {
    long version = newest;
    for (int attempt = 1; ; attempt++) {
      betweenReads.run();
      StructType schema = spark.read().format("delta").option("versionAsOf", version).load(path).schema();
      betweenReads.run();
      Row detail = DeltaTable.forPath(spark, path).detail().head();
      betweenReads.run();
      long after = latestVersion(path);
      if (after == version) {
        return new DeltaSnapshot(version, schema, strings(detail, "partitionColumns"), properties(detail),
            Set.copyOf(strings(detail, "tableFeatures")));
      }
      if (attempt == MAX_ATTEMPTS) {
        throw new IllegalStateException("Delta table " + path + " got a new commit during each of " + MAX_ATTEMPTS
            + " reads in a row (last at version " + after + "); cannot read one consistent version");
      }
      version = after;
    }
  }

  /**
   * The newest committed version. Delta reads it from the last commit in a Spark job of one task, so a caller
   * that asks often pays one small job per question.
   */
  public long latestVersion(String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
  }

  private static List<String> strings(Row row, String field) {
    int i = row.fieldIndex(field);
    return row.isNullAt(i) ? List.of() : row.getList(i);
  }

  private static Map<String, String> properties(Row detail) {
    int i = detail.fieldIndex("properties");
    return detail.isNullAt(i) ? Map.of() : detail.getJavaMap(i);
  }
}
