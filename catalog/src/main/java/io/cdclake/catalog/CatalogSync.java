package io.cdclake.catalog;

import io.cdclake.catalog.glue.GlueCatalog;
import io.cdclake.catalog.glue.GlueCatalogSync;
import io.cdclake.catalog.glue.SdkGlueCatalog;
import io.cdclake.catalog.local.LocalCatalogSync;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers every curated Delta table in the configured catalog (replacing a Glue crawler): in Glue for Athena
 * ({@code catalog.mode: glue}), or in Spark's own catalog for the local run ({@code catalog.mode: local}).
 *
 * <p>Safe to run at any time and as often as wanted: it reads each table's Delta log, compares with the catalog,
 * and writes only differences. It runs right after curate and on its own.
 */
public final class CatalogSync {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogSync.class);

  private CatalogSync() {}

  /** Syncs every contract's table. Check {@link SyncReport#requireSuccess()} to fail the run on any failure. */
  public static SyncReport run(SparkSession spark, PipelineConfig config) {
    return run(spark, config, t -> true);
  }

  /**
   * Syncs only the named curated tables.
   *
   * @throws CatalogException when a name matches no contract
   */
  public static SyncReport run(SparkSession spark, PipelineConfig config, Collection<String> curatedTables) {
    Set<String> names = Set.copyOf(curatedTables);
    List<String> known = config.tables().stream().map(TableContract::curatedTable).toList();
    List<String> unknown = names.stream().filter(n -> !known.contains(n)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new CatalogException("no data contract defines curated table(s) " + unknown + "; known: " + known);
    }
    return run(spark, config, t -> names.contains(t.curatedTable()));
  }

  public static SyncReport run(SparkSession spark, PipelineConfig config, Predicate<TableContract> tables) {
    SyncReport report = switch (config.catalog().mode()) {
      case LOCAL -> new LocalCatalogSync(spark, config).run(tables);
      case GLUE -> {
        try (GlueCatalog glue = SdkGlueCatalog.create(config.catalog())) {
          yield new GlueCatalogSync(spark, config, glue).run(tables);
        }
      }
    };
    LOG.info("{}", report.summary());
    return report;
  }

  /** Syncs into the given Glue catalog (tests, or a caller that manages its own client). */
  public static SyncReport run(SparkSession spark, PipelineConfig config, GlueCatalog glue) {
    SyncReport report = new GlueCatalogSync(spark, config, glue).run(t -> true);
    LOG.info("{}", report.summary());
    return report;
  }
}
