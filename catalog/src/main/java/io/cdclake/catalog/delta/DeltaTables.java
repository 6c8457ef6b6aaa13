package io.cdclake.catalog.delta;

import io.cdclake.common.delta.DeltaSnapshots;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Reads the state of a Delta table from its log. */
public final class DeltaTables {
  private DeltaTables() {}

  /**
   * The latest snapshot of the table at {@code path}, or empty when no Delta table exists there yet (a contract
   * whose table curate has not created).
   *
   * <p>Schema, partitioning, properties and version all describe one version, so the catalog never declares the
   * schema of one version under the number of another, even while curate commits ({@link DeltaSnapshots} reads
   * again when a commit lands between its reads).
   */
  public static Optional<DeltaTableState> read(SparkSession spark, String path) {
    return new DeltaSnapshots(spark).latest(path).map(s -> new DeltaTableState(
        path, s.version(), s.schema(), s.partitionColumns(), s.properties(), s.features()));
  }
}
