package io.cdclake.common.delta;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * One version of a Delta table: every field describes {@code version}, never a neighbouring one.
 *
 * @param version          Delta version
 * @param schema           the schema a reader of this version sees, partition columns included
 * @param partitionColumns partition columns in partitioning order
 * @param properties       table properties ({@code delta.*} and user properties)
 * @param features         table features the protocol supports, as {@code DESCRIBE DETAIL} names them
 */
public record DeltaSnapshot(
    long version,
    StructType schema,
    List<String> partitionColumns,
    Map<String, String> properties,
    Set<String> features) {

  public DeltaSnapshot {
    partitionColumns = List.copyOf(partitionColumns);
    properties = Map.copyOf(properties);
    features = Set.copyOf(features);
  }
}
