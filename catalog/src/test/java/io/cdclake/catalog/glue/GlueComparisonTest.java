package io.cdclake.catalog.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.TestContracts;
import io.cdclake.catalog.delta.DeltaTableState;
import io.cdclake.catalog.model.TableDefinition;
import io.cdclake.catalog.model.TableDefinitions;
import io.cdclake.common.config.CatalogFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

class GlueComparisonTest {
  private static final StructType SCHEMA = new StructType()
      .add("payment_id", DataTypes.LongType)
      .add("amount", DataTypes.createDecimalType(12, 2))
      .add("currency", DataTypes.StringType);

  private static TableDefinition def(StructType schema, long version, CatalogFormat format) {
    return TableDefinitions.build("db", TestContracts.contract("payments_payments", format),
        new DeltaTableState("s3://lake/curated/payments_payments", version, schema, List.of("currency"), Map.of(),
            Set.of()));
  }

  /** The table as Glue returns it after storing the input: extra fields, and names it folded. */
  private static Table asStored(TableInput in) {
    Map<String, String> params = new HashMap<>(in.parameters());
    params.put("transient_lastDdlTime", "1700000000");
    return Table.builder()
        .name(in.name().toUpperCase())
        .databaseName("db")
        .description(in.description())
        .owner(in.owner())
        .tableType(in.tableType())
        .parameters(params)
        .partitionKeys(in.partitionKeys())
        .storageDescriptor(in.storageDescriptor().toBuilder()
            .columns(in.storageDescriptor().columns().stream()
                .map(c -> c.toBuilder().name(c.name().toUpperCase()).build()).toList())
            .numberOfBuckets(-1).compressed(false).bucketColumns(List.of()).sortColumns(List.of())
            .parameters(Map.of()).storedAsSubDirectories(false).build())
        .versionId("3")
        .isRegisteredWithLakeFormation(false)
        .build();
  }

  @Test
  void storedTableMatchesItsInputDespiteGluesOwnFields() {
    TableInput in = GlueRequests.tableInput(def(SCHEMA, 5, CatalogFormat.MANIFEST));
    GlueComparison.Differences d = GlueComparison.diff(asStored(in), in);
    assertTrue(d.none(), d.changes().toString());
  }

  @Test
  void addedColumnIsAChangeNamedInTheNotes() {
    Table stored = asStored(GlueRequests.tableInput(def(SCHEMA, 5, CatalogFormat.MANIFEST)));
    TableInput wider = GlueRequests.tableInput(def(SCHEMA.add("loyalty_tier", DataTypes.StringType), 6,
        CatalogFormat.MANIFEST));
    GlueComparison.Differences d = GlueComparison.diff(stored, wider);
    assertFalse(d.none());
    assertFalse(d.versionOnly(), "a schema change must keep Glue's archived version");
    assertTrue(d.changes().contains("columns added [loyalty_tier]"), d.changes().toString());
    assertTrue(d.changes().contains("delta version 5 -> 6"), d.changes().toString());
  }

  @Test
  void versionBumpAloneIsFlaggedSoTheUpdateSkipsTheArchive() {
    Table stored = asStored(GlueRequests.tableInput(def(SCHEMA, 5, CatalogFormat.MANIFEST)));
    GlueComparison.Differences d = GlueComparison.diff(stored,
        GlueRequests.tableInput(def(SCHEMA, 9, CatalogFormat.MANIFEST)));
    assertEquals(List.of("delta version 5 -> 9"), d.changes());
    assertTrue(d.versionOnly());
  }

  @Test
  void typeChangeCommentChangeAndReorderAreChanges() {
    Table stored = asStored(GlueRequests.tableInput(def(SCHEMA, 5, CatalogFormat.MANIFEST)));
    StructType retyped = new StructType()
        .add("payment_id", DataTypes.LongType)
        .add("amount", DataTypes.createDecimalType(18, 4))
        .add("currency", DataTypes.StringType);
    assertTrue(GlueComparison.diff(stored, GlueRequests.tableInput(def(retyped, 5, CatalogFormat.MANIFEST)))
        .changes().contains("column types changed [amount decimal(12,2) -> decimal(18,4)]"));

    StructType commented = new StructType()
        .add("payment_id", DataTypes.LongType, true, "surrogate key")
        .add("amount", DataTypes.createDecimalType(12, 2))
        .add("currency", DataTypes.StringType);
    assertFalse(GlueComparison.diff(stored, GlueRequests.tableInput(def(commented, 5, CatalogFormat.MANIFEST)))
        .none());

    StructType reordered = new StructType()
        .add("amount", DataTypes.createDecimalType(12, 2))
        .add("payment_id", DataTypes.LongType)
        .add("currency", DataTypes.StringType);
    List<String> changes = GlueComparison.diff(stored,
        GlueRequests.tableInput(def(reordered, 5, CatalogFormat.MANIFEST))).changes();
    assertEquals(List.of("column order [payment_id, amount] -> [amount, payment_id]"), changes);
  }

  @Test
  void formatSwitchChangesLocationFormatsAndProperties() {
    Table stored = asStored(GlueRequests.tableInput(def(SCHEMA, 5, CatalogFormat.MANIFEST)));
    List<String> changes = GlueComparison.diff(stored,
        GlueRequests.tableInput(def(SCHEMA, 5, CatalogFormat.NATIVE))).changes();
    assertTrue(changes.stream().anyMatch(c -> c.startsWith("location ")), changes.toString());
    assertTrue(changes.stream().anyMatch(c -> c.startsWith("input format ")), changes.toString());
    assertTrue(changes.contains("property table_type added"), changes.toString());
  }

  @Test
  void foreignPropertiesAndMissingOptionalFieldsAreNotChanges() {
    TableInput in = GlueRequests.tableInput(def(SCHEMA, 5, CatalogFormat.MANIFEST));
    Map<String, String> params = new HashMap<>(in.parameters());
    params.put("lakeformation.tag", "pci");
    Table stored = asStored(in).toBuilder().parameters(params).build();
    assertTrue(GlueComparison.diff(stored, in).none());

    // A column comment Glue returns as empty is the same as none.
    TableInput withEmpty = in.toBuilder().storageDescriptor(in.storageDescriptor().toBuilder()
        .columns(in.storageDescriptor().columns().stream().map(c -> c.toBuilder().comment("").build()).toList())
        .build()).build();
    assertTrue(GlueComparison.diff(asStored(withEmpty), in).none());
  }

  @Test
  void managedPropertiesAreOursOnly() {
    assertTrue(GlueComparison.isManaged("cdclake.delta_version"));
    assertTrue(GlueComparison.isManaged("table_type"));
    assertFalse(GlueComparison.isManaged("lakeformation.tag"));
    assertFalse(GlueComparison.isManaged("transient_lastDdlTime"));
  }

  @Test
  void partitionStorageComparison() {
    TableInput in = GlueRequests.tableInput(def(SCHEMA, 5, CatalogFormat.MANIFEST));
    Table stored = asStored(in);
    assertTrue(GlueComparison.sameStorage(stored.storageDescriptor(), in.storageDescriptor()));
    assertFalse(GlueComparison.sameStorage(stored.storageDescriptor(),
        in.storageDescriptor().toBuilder().columns(List.of(Column.builder().name("x").type("int").build())).build()));
  }
}
