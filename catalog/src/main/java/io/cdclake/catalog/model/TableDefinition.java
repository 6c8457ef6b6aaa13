package io.cdclake.catalog.model;

import io.cdclake.common.config.CatalogFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The catalog entry a curated Delta table should have: everything Glue, Athena DDL and the local Spark catalog
 * need, computed from the Delta log and the data contract without touching any catalog.
 *
 * @param database      catalog database
 * @param name          table name
 * @param format        manifest or native
 * @param tableLocation the Delta table root, as Athena addresses it ({@code s3://…})
 * @param dataLocation  what the storage descriptor points at: the manifest directory or the table root
 * @param storage       input/output formats and SerDe
 * @param columns       data columns, in Delta schema order, without the partition columns
 * @param partitionKeys partition columns, in Delta partitioning order
 * @param description   table description
 * @param owner         accountable owner
 * @param parameters    table properties (sorted, so that the definition and its DDL are deterministic)
 * @param deltaVersion  the Delta version the definition was read from
 */
public record TableDefinition(
    String database,
    String name,
    CatalogFormat format,
    String tableLocation,
    String dataLocation,
    StorageFormat storage,
    List<CatalogColumn> columns,
    List<CatalogColumn> partitionKeys,
    String description,
    String owner,
    SortedMap<String, String> parameters,
    long deltaVersion) {

  public TableDefinition {
    columns = List.copyOf(columns);
    partitionKeys = List.copyOf(partitionKeys);
    parameters = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
  }

  public boolean partitioned() {
    return !partitionKeys.isEmpty();
  }
}
