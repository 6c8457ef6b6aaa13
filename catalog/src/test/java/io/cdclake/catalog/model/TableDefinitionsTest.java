package io.cdclake.catalog.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.CatalogException;
import io.cdclake.catalog.TestContracts;
import io.cdclake.catalog.delta.DeltaTableState;
import io.cdclake.common.config.CatalogFormat;
import io.cdclake.common.config.TableContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableDefinitionsTest {
  private static final StructType PAYMENTS = new StructType()
      .add("payment_id", DataTypes.LongType, false)
      .add("currency", DataTypes.StringType)
      .add("amount", DataTypes.createDecimalType(12, 2))
      .add("created_at", DataTypes.TimestampType)
      .add("loyalty_tier", DataTypes.StringType, true, "evolved from the source")
      .add("_seq", DataTypes.StringType)
      .add("_deleted", DataTypes.BooleanType);

  private static DeltaTableState state(String path, StructType schema, List<String> partitions,
      Map<String, String> conf, Set<String> features) {
    return new DeltaTableState(path, 7, schema, partitions, conf, features);
  }

  @Test
  void manifestDefinitionSplitsPartitionColumnsAndPointsAtTheManifest() {
    TableContract c = TestContracts.contract("payments_payments", CatalogFormat.MANIFEST);
    TableDefinition def = TableDefinitions.build("cdc_curated", c,
        state("s3a://lake/curated/payments_payments", PAYMENTS, List.of("currency"), Map.of(), Set.of()));

    assertEquals("cdc_curated", def.database());
    assertEquals("payments_payments", def.name());
    assertEquals(CatalogFormat.MANIFEST, def.format());
    assertEquals("s3://lake/curated/payments_payments", def.tableLocation(), "Athena reads s3:// only");
    assertEquals("s3://lake/curated/payments_payments/_symlink_format_manifest/", def.dataLocation());
    assertEquals(StorageFormat.SYMLINK_MANIFEST, def.storage());
    assertEquals(List.of("payment_id", "amount", "created_at", "loyalty_tier", "_seq", "_deleted"),
        def.columns().stream().map(CatalogColumn::name).toList(), "schema order, partition column left out");
    assertEquals(List.of("bigint", "decimal(12,2)", "timestamp", "string", "string", "boolean"),
        def.columns().stream().map(CatalogColumn::hiveType).toList());
    assertEquals(Optional.of("evolved from the source"), def.columns().get(3).comment());
    assertEquals(Optional.empty(), def.columns().get(0).comment());
    assertEquals(List.of(new CatalogColumn("currency", "string", "string", Optional.empty())), def.partitionKeys());
    assertEquals(7, def.deltaVersion());
    assertEquals("payments-data@example.com", def.owner());
  }

  @Test
  void parametersCarrySourceKeyOwnerAndVersion() {
    TableDefinition manifest = TableDefinitions.build("db", TestContracts.scd2Contract("payments_cards"),
        state("/lake/curated/payments_cards", PAYMENTS, List.of(), Map.of(), Set.of()));
    assertEquals(Map.of(
        "EXTERNAL", "TRUE",
        "classification", "parquet",
        "cdclake.source", "payments.cards",
        "cdclake.primary_key", "card_id",
        "cdclake.owner", "card-issuing@example.com",
        "cdclake.delta_version", "7",
        "cdclake.catalog_format", "manifest",
        "cdclake.history_mode", "scd2",
        "cdclake.delete_mode", "soft",
        "cdclake.managed_by", "cdclake catalog sync"), manifest.parameters());
    assertEquals("Issued cards with history. Source: payments.cards (AWS DMS change data capture)."
        + " Primary key: card_id. History: SCD type 2, one row per version; __is_current marks the latest."
        + " Deleted rows are kept with _deleted = true. Owner: card-issuing@example.com.", manifest.description());
  }

  @Test
  void nativeDefinitionIsAthenasDeltaTableOnTheTableRoot() {
    TableDefinition def = TableDefinitions.build("db", TestContracts.contract("payments_payments", CatalogFormat.NATIVE),
        state("s3://lake/curated/payments_payments/", PAYMENTS, List.of("currency"),
            Map.of("delta.enableDeletionVectors", "true"), Set.of("deletionVectors")));
    assertEquals(CatalogFormat.NATIVE, def.format());
    assertEquals("s3://lake/curated/payments_payments", def.tableLocation());
    assertEquals(def.tableLocation(), def.dataLocation());
    assertEquals("DELTA", def.parameters().get("table_type"));
    assertEquals("delta", def.parameters().get("spark.sql.sources.provider"));
    assertEquals("native", def.parameters().get("cdclake.catalog_format"));
    assertEquals(Map.of("serialization.format", "1", "path", "s3://lake/curated/payments_payments"),
        def.storage().serdeParameters());
    assertEquals(1, def.partitionKeys().size());
  }

  @Test
  void localPathsBecomeAbsoluteFileLocations() {
    TableDefinition def = TableDefinitions.build("db", TestContracts.contract("payments_payments", CatalogFormat.MANIFEST),
        state("local-lake/curated/payments_payments", PAYMENTS, List.of(), Map.of(), Set.of()));
    assertTrue(def.tableLocation().startsWith("file:/"), def.tableLocation());
    assertTrue(def.tableLocation().endsWith("/local-lake/curated/payments_payments"), def.tableLocation());
  }

  @Test
  void manifestIsRefusedForTablesWithDeletionVectorsOrColumnMapping() {
    TableContract c = TestContracts.contract("payments_payments", CatalogFormat.MANIFEST);
    CatalogException dv = assertThrows(CatalogException.class, () -> TableDefinitions.build("db", c,
        state("/x", PAYMENTS, List.of(), Map.of(), Set.of("deletionVectors", "appendOnly"))));
    assertTrue(dv.getMessage().contains("deletion vectors"), dv.getMessage());
    assertTrue(dv.getMessage().contains("curated.catalogFormat to 'native'"), dv.getMessage());
    assertTrue(dv.getMessage().contains("conf/contracts/payments_payments.json"), dv.getMessage());

    CatalogException mapping = assertThrows(CatalogException.class, () -> TableDefinitions.build("db", c,
        state("/x", PAYMENTS, List.of(), Map.of("delta.columnMapping.mode", "name"), Set.of())));
    assertTrue(mapping.getMessage().contains("column mapping"), mapping.getMessage());

    assertEquals(CatalogFormat.MANIFEST, TableDefinitions.format(c,
        state("/x", PAYMENTS, List.of(), Map.of("delta.columnMapping.mode", "none"), Set.of("appendOnly"))));
  }

  @Test
  void columnsThatCollideOnceLowerCasedAreRefused() {
    StructType schema = new StructType().add("Status", DataTypes.StringType).add("status", DataTypes.StringType);
    CatalogException e = assertThrows(CatalogException.class, () -> TableDefinitions.build("db",
        TestContracts.contract("payments_payments", CatalogFormat.MANIFEST),
        state("/x", schema, List.of(), Map.of(), Set.of())));
    assertTrue(e.getMessage().contains("two columns named 'status'"), e.getMessage());
  }

  @Test
  void definitionIsDeterministic() {
    TableContract c = TestContracts.contract("payments_payments", CatalogFormat.MANIFEST);
    DeltaTableState s = state("/x", PAYMENTS, List.of("currency"), Map.of(), Set.of());
    assertEquals(TableDefinitions.build("db", c, s), TableDefinitions.build("db", c, s));
    assertFalse(TableDefinitions.build("db", c, s)
        .equals(TableDefinitions.build("db", c, new DeltaTableState("/x", 8, PAYMENTS, List.of("currency"),
            Map.of(), Set.of()))));
  }

  @Test
  void truncatesToGlueByteLimitsWithoutSplittingCharacters() {
    String text = "é".repeat(2000);
    String cut = TableDefinitions.truncate(text, 2048);
    assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 2048);
    assertTrue(cut.endsWith("…"));
    assertEquals("short", TableDefinitions.truncate("short", 10));
  }
}
