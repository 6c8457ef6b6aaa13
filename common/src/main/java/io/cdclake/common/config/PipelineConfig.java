package io.cdclake.common.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /**
   * Checks names given on a command line ({@code --tables}) against the contracts' curated table names: a typo
   * would otherwise select no table, and the job would succeed having done nothing.
   *
   * @throws IllegalArgumentException naming the unknown names and some known ones
   */
  public void requireCuratedTables(Collection<String> names) {
    Set<String> known = tables.stream().map(TableContract::curatedTable).collect(Collectors.toSet());
    List<String> unknown = names.stream().filter(n -> !known.contains(n)).sorted().toList();
    if (unknown.isEmpty()) {
      return;
    }
    List<String> sample = known.stream().sorted().limit(20).toList();
    throw new IllegalArgumentException("no data contract has the curated table name"
        + (unknown.size() == 1 ? " " : "s ") + unknown + " (curated names, as in the contracts' curated.table; known: " + String.join(", ", sample)
        + (known.size() > sample.size() ? ", … " + (known.size() - sample.size()) + " more" : "") + ")");
  }

  public Optional<TableContract> table(String sourceSchema, String sourceTable) {
    return Optional.ofNullable(tablesBySourceId().get(sourceSchema + "." + sourceTable));
  }
}
