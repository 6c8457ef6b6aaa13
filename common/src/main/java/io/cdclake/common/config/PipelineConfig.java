package io.cdclake.common.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything one environment of the pipeline needs, loaded once at start-up by {@link ConfigLoader} and
 * passed down as a value.
 */
public record PipelineConfig(
    String environment,
    Zones zones,
    IngestConfig ingest,
    CatalogConfig catalog,
    PciConfig pci,
    List<TableContract> tables,
    String sourceFile) {

  public PipelineConfig {
    tables = List.copyOf(tables);
  }

  /** Contracts keyed by {@code schema.table}, the routing key of DMS records. */
  public Map<String, TableContract> tablesBySourceId() {
    return tables.stream().collect(Collectors.toMap(TableContract::sourceId, Function.identity()));
  }

  public Optional<TableContract> table(String sourceSchema, String sourceTable) {
    return Optional.ofNullable(tablesBySourceId().get(sourceSchema + "." + sourceTable));
  }
}
