package io.cdclake.catalog.delta;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Tuple2;
import scala.collection.JavaConverters;

/** Reads the state of a Delta table from its log. */
public final class DeltaTables {
  private DeltaTables() {}

  /**
   * The latest snapshot of the table at {@code path}, or empty when no Delta table exists there yet (a contract
   * whose table curate has not created).
   *
   * <p>Schema, partitioning, properties and version all come from one snapshot, so the catalog never declares the
   * schema of one version under the number of another, even while curate commits.
   */
  public static Optional<DeltaTableState> read(SparkSession spark, String path) {
    Tuple2<DeltaLog, Snapshot> logAndSnapshot = DeltaLog.forTableWithSnapshot(spark, path);
    Snapshot snapshot = logAndSnapshot._2();
    if (snapshot.version() < 0) {
      return Optional.empty();
    }
    Set<String> features =
        new HashSet<>(JavaConverters.setAsJavaSet(snapshot.protocol().readerAndWriterFeatureNames()));
    return Optional.of(new DeltaTableState(
        path,
        snapshot.version(),
        snapshot.schema(),
        JavaConverters.seqAsJavaList(snapshot.metadata().partitionColumns()),
        JavaConverters.mapAsJavaMap(snapshot.metadata().configuration()),
        features));
  }
}
