package io.cdclake.catalog.delta;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * One snapshot of a curated Delta table, as its log describes it: the only source of truth for what the catalog
 * declares (the contract says what should arrive; the log says what the table holds, evolved columns included).
 *
 * @param path             table root as the pipeline addresses it (the configured curated zone)
 * @param version          Delta version of the snapshot
 * @param schema           full schema, partition columns included
 * @param partitionColumns partition columns in partitioning order
 * @param configuration    Delta table properties ({@code delta.*} and user properties)
 * @param features         table features the protocol supports ({@code DESCRIBE DETAIL}'s {@code tableFeatures})
 */
public record DeltaTableState(
    String path,
    long version,
    StructType schema,
    List<String> partitionColumns,
    Map<String, String> configuration,
    Set<String> features) {

  /** Table property under which Delta rewrites the manifest on every commit. */
  public static final String AUTO_MANIFEST_PROPERTY = "delta.compatibility.symlinkFormatManifest.enabled";

  public DeltaTableState {
    partitionColumns = List.copyOf(partitionColumns);
    configuration = Map.copyOf(configuration);
    features = Set.copyOf(features);
  }

  /** Deletion vectors are supported by the protocol, so files may carry rows a manifest would resurrect. */
  public boolean deletionVectors() {
    return features.contains("deletionVectors")
        || "true".equalsIgnoreCase(configuration.getOrDefault("delta.enableDeletionVectors", "false"));
  }

  /** Column mapping: Parquet files carry physical names that only a Delta reader can map back. */
  public boolean columnMapping() {
    return !"none".equalsIgnoreCase(configuration.getOrDefault("delta.columnMapping.mode", "none"));
  }

  /** Delta keeps the symlink manifest current by itself on every commit. */
  public boolean manifestAutoUpdated() {
    return "true".equalsIgnoreCase(configuration.getOrDefault(AUTO_MANIFEST_PROPERTY, "false"));
  }
}
