package io.cdclake.catalog.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.CatalogSync;
import io.cdclake.catalog.DeltaFixtures;
import io.cdclake.catalog.SyncAction;
import io.cdclake.catalog.TableSyncResult;
import io.cdclake.catalog.TestContracts;
import io.cdclake.common.config.CatalogFormat;
import io.cdclake.common.config.CatalogMode;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The sync against a real Glue API (LocalStack or an AWS account): what the in-memory catalog cannot prove is
 * that the real service stores a table so that the next sync compares it as unchanged.
 */
final class GlueRoundTrip {
  private GlueRoundTrip() {}

  static void run(GlueCatalog glue, String database, String table) {
    Path lake = SharedSpark.newDir("catalog-glue-it-");
    String path = DeltaFixtures.payments(lake, table, true);
    PipelineConfig manifest = TestContracts.config(lake, CatalogMode.GLUE, database,
        List.of(TestContracts.contract(table, CatalogFormat.MANIFEST)));

    TableSyncResult created = CatalogSync.run(DeltaFixtures.spark(), manifest, glue).table(table);
    assertEquals(SyncAction.CREATED, created.action(), created.summary());
    assertEquals(2, created.partitionsAdded());

    TableSyncResult again = CatalogSync.run(DeltaFixtures.spark(), manifest, glue).table(table);
    assertEquals(SyncAction.UNCHANGED, again.action(),
        "Glue must return what was stored in a form the comparison accepts: " + again.summary());

    DeltaFixtures.appendWithNewColumn(path);
    TableSyncResult widened = CatalogSync.run(DeltaFixtures.spark(), manifest, glue).table(table);
    assertEquals(SyncAction.UPDATED, widened.action(), widened.summary());
    Table stored = glue.getTable(database, table).orElseThrow();
    assertTrue(stored.storageDescriptor().columns().stream().map(Column::name).toList().contains("loyalty_tier"));
    Set<List<String>> partitions = glue.getPartitions(database, table).stream().map(Partition::values)
        .collect(Collectors.toSet());
    assertEquals(Set.of(List.of("EUR"), List.of("USD"), List.of("GBP")), partitions);
    assertEquals(SyncAction.UNCHANGED, CatalogSync.run(DeltaFixtures.spark(), manifest, glue).table(table).action());

    PipelineConfig nativeConfig = TestContracts.config(lake, CatalogMode.GLUE, database,
        List.of(TestContracts.contract(table, CatalogFormat.NATIVE)));
    TableSyncResult switched = CatalogSync.run(DeltaFixtures.spark(), nativeConfig, glue).table(table);
    assertEquals(SyncAction.UPDATED, switched.action(), switched.summary());
    assertEquals(3, switched.partitionsRemoved());
    assertEquals("DELTA", glue.getTable(database, table).orElseThrow().parameters().get("table_type"));
    assertEquals(SyncAction.UNCHANGED,
        CatalogSync.run(DeltaFixtures.spark(), nativeConfig, glue).table(table).action());
  }
}
