package io.cdclake.curate.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * What an existing curated table looks like, as far as planning its schema goes.
 *
 * @param schema           current Delta schema
 * @param partitionColumns current partition columns
 * @param properties       Delta table properties (curate records its delete and history modes there)
 */
public record TableShape(StructType schema, List<String> partitionColumns, Map<String, String> properties) {
  public TableShape {
    partitionColumns = List.copyOf(partitionColumns);
    properties = Map.copyOf(properties);
  }

  public Optional<String> property(String key) {
    return Optional.ofNullable(properties.get(key));
  }
}
