package io.cdclake.catalog.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.CatalogException;
import io.cdclake.catalog.CatalogSync;
import io.cdclake.catalog.DeltaFixtures;
import io.cdclake.catalog.SyncAction;
import io.cdclake.catalog.SyncReport;
import io.cdclake.catalog.TableSyncResult;
import io.cdclake.catalog.TestContracts;
import io.cdclake.common.config.CatalogFormat;
import io.cdclake.common.config.CatalogMode;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

/** The Glue sync against an in-memory Glue, over real Delta tables and manifests. */
class GlueCatalogSyncTest {
  private static final String DB = "cdc_curated";
  private static final String TABLE = "payments_payments";

  /** An unpartitioned table no test changes, for the tests about what is already in Glue. */
  private static Path sharedLake;

  private Path lake;
  private InMemoryGlueCatalog glue;

  @BeforeAll
  static void sharedTable() {
    sharedLake = SharedSpark.newDir("catalog-glue-shared-");
    DeltaFixtures.payments(sharedLake, TABLE, false);
  }

  @BeforeEach
  void setUp() {
    lake = SharedSpark.newDir("catalog-glue-");
    glue = new InMemoryGlueCatalog();
  }

  private PipelineConfig config(TableContract... contracts) {
    return TestContracts.config(lake, CatalogMode.GLUE, DB, List.of(contracts));
  }

  private static TableContract manifest() {
    return TestContracts.contract(TABLE, CatalogFormat.MANIFEST);
  }

  private Table table() {
    return glue.getTable(DB, TABLE).orElseThrow();
  }

  private Map<List<String>, Partition> partitions() {
    return glue.getPartitions(DB, TABLE).stream().collect(Collectors.toMap(Partition::values, p -> p));
  }

  /** One table through its life: registered, unchanged, widened with a new partition, then a partition emptied. */
  @Test
  void manifestTableLifecycle() {
    String path = DeltaFixtures.payments(lake, TABLE, true);

    // 1. First sync: database, table and one Glue partition per manifest partition directory.
    TableSyncResult r = CatalogSync.run(DeltaFixtures.spark(), config(manifest()), glue).table(TABLE);
    assertEquals(SyncAction.CREATED, r.action(), r.summary());
    assertEquals(Optional.of(CatalogFormat.MANIFEST), r.format());
    assertEquals(0, r.deltaVersion());
    assertEquals(2, r.partitionsAdded());
    assertTrue(r.notes().contains("manifest regenerated"), r.notes().toString());
    assertTrue(Files.isRegularFile(Path.of(path, "_symlink_format_manifest", "currency=EUR", "manifest")));
    assertEquals(1, glue.writesOf(CreateDatabaseRequest.class).size());
    assertTrue(glue.getDatabase(DB).isPresent());
    Table t = table();
    String root = "file:" + Path.of(path).toAbsolutePath();
    assertEquals(root + "/_symlink_format_manifest/", t.storageDescriptor().location());
    assertEquals("org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat", t.storageDescriptor().inputFormat());
    assertEquals(List.of("payment_id", "amount", "created_at", "_seq", "_deleted"),
        t.storageDescriptor().columns().stream().map(Column::name).toList());
    assertEquals(List.of("bigint", "decimal(12,2)", "timestamp", "string", "boolean"),
        t.storageDescriptor().columns().stream().map(Column::type).toList());
    assertEquals(List.of(Column.builder().name("currency").type("string").build()), t.partitionKeys());
    assertEquals("0", t.parameters().get("cdclake.delta_version"));
    assertEquals("payments.payments", t.parameters().get("cdclake.source"));
    Map<List<String>, Partition> parts = partitions();
    assertEquals(Set.of(List.of("EUR"), List.of("USD")), parts.keySet());
    assertEquals(root + "/_symlink_format_manifest/currency=USD",
        parts.get(List.of("USD")).storageDescriptor().location());

    // 2. Nothing changed: reads only, no write of any kind.
    int writes = glue.writes.size();
    r = CatalogSync.run(DeltaFixtures.spark(), config(manifest()), glue).table(TABLE);
    assertEquals(SyncAction.UNCHANGED, r.action(), r.summary());
    assertTrue(r.notes().isEmpty(), r.notes().toString());
    assertEquals(writes, glue.writes.size(), "an unchanged table costs reads only");

    // 3. Curate added a column and a GBP row: the column reaches the table and every partition.
    DeltaFixtures.appendWithNewColumn(path);
    r = CatalogSync.run(DeltaFixtures.spark(), config(manifest()), glue).table(TABLE);
    assertEquals(SyncAction.UPDATED, r.action(), r.summary());
    assertEquals(1, r.deltaVersion());
    assertTrue(r.notes().contains("columns added [loyalty_tier]"), r.notes().toString());
    assertTrue(r.notes().contains("manifest regenerated"), r.notes().toString());
    assertEquals(1, r.partitionsAdded(), "GBP");
    assertEquals(2, r.partitionsUpdated(), "EUR and USD partitions carry the new column too");
    assertEquals(0, r.partitionsRemoved());
    assertEquals("loyalty_tier", table().storageDescriptor().columns().get(5).name());
    assertEquals(1, glue.archivedVersions, "a schema change keeps Glue's archived previous version");
    UpdateTableRequest update = (UpdateTableRequest) glue.writesOf(UpdateTableRequest.class).get(0);
    assertEquals("1", update.versionId(), "the update is guarded by the version that was read");
    assertEquals(Set.of(List.of("EUR"), List.of("USD"), List.of("GBP")), partitions().keySet());
    for (Partition p : partitions().values()) {
      assertEquals(6, p.storageDescriptor().columns().size(), p.values().toString());
    }

    writes = glue.writes.size();
    assertEquals(SyncAction.UNCHANGED,
        CatalogSync.run(DeltaFixtures.spark(), config(manifest()), glue).table(TABLE).action());
    assertEquals(writes, glue.writes.size());

    // 4. All USD rows deleted: same schema, so the update skips the archive; the emptied partition goes.
    DeltaTable.forPath(DeltaFixtures.spark(), path).delete("currency = 'USD'");
    r = CatalogSync.run(DeltaFixtures.spark(), config(manifest()), glue).table(TABLE);
    assertEquals(SyncAction.UPDATED, r.action(), r.summary());
    assertEquals(List.of("manifest regenerated", "delta version 1 -> 2"), r.notes());
    assertEquals(1, r.partitionsRemoved());
    assertEquals(Set.of(List.of("EUR"), List.of("GBP")), partitions().keySet());
    assertFalse(Files.exists(Path.of(path, "_symlink_format_manifest", "currency=USD")),
        "regenerating the manifest removed the emptied partition's directory");
    List<Object> updates = glue.writesOf(UpdateTableRequest.class);
    assertEquals(Boolean.TRUE, ((UpdateTableRequest) updates.get(updates.size() - 1)).skipArchive());
    assertEquals(1, glue.archivedVersions);
  }

  @Test
  void nativeNeedsNoManifestAndSwitchingFormatsReconcilesPartitions() {
    String path = DeltaFixtures.payments(lake, TABLE, true);
    TableContract nativeContract = TestContracts.contract(TABLE, CatalogFormat.NATIVE);

    TableSyncResult r = CatalogSync.run(DeltaFixtures.spark(), config(nativeContract), glue).table(TABLE);
    assertEquals(SyncAction.CREATED, r.action(), r.summary());
    assertEquals(Optional.of(CatalogFormat.NATIVE), r.format());
    assertFalse(Files.exists(Path.of(path, "_symlink_format_manifest")), "native tables need no manifest");
    assertTrue(partitions().isEmpty(), "Athena reads a native table's partitions from the Delta log");
    Table t = table();
    assertEquals("EXTERNAL_TABLE", t.tableType());
    assertEquals("DELTA", t.parameters().get("table_type"));
    assertEquals("file:" + Path.of(path).toAbsolutePath(), t.storageDescriptor().location());
    assertEquals(List.of("currency"), t.partitionKeys().stream().map(Column::name).toList());

    r = CatalogSync.run(DeltaFixtures.spark(), config(manifest()), glue).table(TABLE);
    assertEquals(SyncAction.UPDATED, r.action(), r.summary());
    assertEquals(2, r.partitionsAdded());
    assertTrue(r.notes().contains("manifest regenerated"), "the native registration never wrote one");
    assertEquals(null, table().parameters().get("table_type"));

    r = CatalogSync.run(DeltaFixtures.spark(), config(nativeContract), glue).table(TABLE);
    assertEquals(SyncAction.UPDATED, r.action(), r.summary());
    assertEquals(2, r.partitionsRemoved(), "Hive partitions left on a native table would mislead");
    assertTrue(partitions().isEmpty());
  }

  @Test
  void oneFailingTableDoesNotKeepTheOthersOutAndFailsTheRunAtTheEnd() {
    DeltaFixtures.payments(lake, TABLE, false);
    String dvPath = DeltaFixtures.curatedPath(lake, "payments_refunds");
    DeltaTable.create(DeltaFixtures.spark()).location(dvPath).addColumn("refund_id", "BIGINT")
        .property("delta.enableDeletionVectors", "true").execute();
    TableContract refunds = TestContracts.contract("payments_refunds", CatalogFormat.MANIFEST);
    TableContract notYetCurated = TestContracts.contract("payments_disputes", CatalogFormat.MANIFEST);

    SyncReport report = CatalogSync.run(DeltaFixtures.spark(),
        config(refunds, TestContracts.contract(TABLE, CatalogFormat.NATIVE), notYetCurated), glue);

    assertEquals(SyncAction.FAILED, report.table("payments_refunds").action());
    assertTrue(report.table("payments_refunds").notes().get(0).contains("deletion vectors"));
    assertEquals(SyncAction.CREATED, report.table(TABLE).action());
    assertEquals(SyncAction.SKIPPED, report.table("payments_disputes").action());
    assertTrue(report.table("payments_disputes").notes().get(0).contains("no Delta table"));
    assertFalse(glue.getTable(DB, "payments_refunds").isPresent());
    CatalogException e = assertThrows(CatalogException.class, report::requireSuccess);
    assertTrue(e.getMessage().contains("1 of 3 tables"), e.getMessage());
    assertTrue(e.getMessage().contains("payments_refunds"), e.getMessage());
  }

  @Test
  void refusesToReplaceAViewWithTheTablesName() {
    lake = sharedLake;
    glue.createDatabase(GlueRequests.createDatabase(DB, "x"));
    glue.createTable(CreateTableRequest.builder().databaseName(DB).tableInput(TableInput.builder()
        .name(TABLE).tableType("VIRTUAL_VIEW").viewOriginalText("SELECT 1").build()).build());

    TableSyncResult r = CatalogSync.run(DeltaFixtures.spark(), config(manifest()), glue).table(TABLE);

    assertEquals(SyncAction.FAILED, r.action());
    assertTrue(r.notes().get(0).contains("VIRTUAL_VIEW"), r.notes().toString());
    assertTrue(glue.writesOf(UpdateTableRequest.class).isEmpty());
  }

  @Test
  void takesOverACrawlerTableKeepingItsForeignProperties() {
    lake = sharedLake;
    glue.createDatabase(GlueRequests.createDatabase(DB, "x"));
    glue.createTable(CreateTableRequest.builder().databaseName(DB).tableInput(TableInput.builder()
        .name(TABLE).tableType("EXTERNAL_TABLE")
        .parameters(Map.of("classification", "parquet", "UPDATED_BY_CRAWLER", "old-crawler"))
        .storageDescriptor(StorageDescriptor.builder().location("s3://somewhere/else")
            .columns(Column.builder().name("col0").type("string").build()).build())
        .build()).build());

    TableSyncResult r = CatalogSync.run(DeltaFixtures.spark(),
        config(TestContracts.contract(TABLE, CatalogFormat.NATIVE)), glue).table(TABLE);

    assertEquals(SyncAction.UPDATED, r.action(), r.summary());
    assertEquals("old-crawler", table().parameters().get("UPDATED_BY_CRAWLER"));
    assertEquals("cdclake catalog sync", table().parameters().get("cdclake.managed_by"));
    assertEquals(6, table().storageDescriptor().columns().size());
    assertTrue(r.notes().contains("columns removed [col0]"), r.notes().toString());
  }
}
