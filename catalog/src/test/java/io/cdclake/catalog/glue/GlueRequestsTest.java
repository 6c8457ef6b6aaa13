package io.cdclake.catalog.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.TestContracts;
import io.cdclake.catalog.delta.DeltaTableState;
import io.cdclake.catalog.delta.ManifestPartition;
import io.cdclake.catalog.model.TableDefinition;
import io.cdclake.catalog.model.TableDefinitions;
import io.cdclake.common.config.CatalogFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

class GlueRequestsTest {
  private static final StructType SCHEMA = new StructType()
      .add("payment_id", DataTypes.LongType, false)
      .add("amount", DataTypes.createDecimalType(12, 2), true, "in minor units")
      .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
      .add("currency", DataTypes.StringType)
      .add("day", DataTypes.DateType);
  private static final String ROOT = "s3://lake/curated/payments_payments";

  static TableDefinition definition(CatalogFormat format) {
    return TableDefinitions.build("cdc_curated", TestContracts.contract("payments_payments", format),
        new DeltaTableState(ROOT, 12, SCHEMA, List.of("currency", "day"), Map.of(), Set.of()));
  }

  @Test
  void manifestTableInputIsAHiveSymlinkTableOverTheManifest() {
    TableDefinition def = definition(CatalogFormat.MANIFEST);
    TableInput in = GlueRequests.tableInput(def);

    assertEquals("payments_payments", in.name());
    assertEquals("EXTERNAL_TABLE", in.tableType());
    assertEquals(def.description(), in.description());
    assertEquals("payments-data@example.com", in.owner());
    assertEquals(List.of(
        Column.builder().name("currency").type("string").build(),
        Column.builder().name("day").type("date").build()), in.partitionKeys());
    assertEquals("TRUE", in.parameters().get("EXTERNAL"));
    assertEquals("12", in.parameters().get("cdclake.delta_version"));
    assertEquals("payments.payments", in.parameters().get("cdclake.source"));
    assertEquals("payment_id", in.parameters().get("cdclake.primary_key"));
    assertEquals("payments-data@example.com", in.parameters().get("cdclake.owner"));
    assertNull(in.parameters().get("table_type"), "a manifest table is a plain Hive table to Athena");

    StorageDescriptor sd = in.storageDescriptor();
    assertEquals(ROOT + "/_symlink_format_manifest/", sd.location());
    assertEquals("org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat", sd.inputFormat());
    assertEquals("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat", sd.outputFormat());
    assertEquals("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", sd.serdeInfo().serializationLibrary());
    assertEquals(Map.of("serialization.format", "1"), sd.serdeInfo().parameters());
    assertEquals(List.of(
        Column.builder().name("payment_id").type("bigint").build(),
        Column.builder().name("amount").type("decimal(12,2)").comment("in minor units").build(),
        Column.builder().name("tags").type("map<string,string>").build()), sd.columns());
  }

  @Test
  void nativeTableInputIsAthenasDeltaTable() {
    TableInput in = GlueRequests.tableInput(definition(CatalogFormat.NATIVE));

    assertEquals("EXTERNAL_TABLE", in.tableType());
    assertEquals("DELTA", in.parameters().get("table_type"));
    assertEquals("delta", in.parameters().get("spark.sql.sources.provider"));
    assertEquals("native", in.parameters().get("cdclake.catalog_format"));
    StorageDescriptor sd = in.storageDescriptor();
    assertEquals(ROOT, sd.location(), "the table root, where _delta_log is");
    assertEquals("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", sd.inputFormat());
    assertEquals("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat", sd.outputFormat());
    assertEquals("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", sd.serdeInfo().serializationLibrary());
    assertEquals(Map.of("serialization.format", "1", "path", ROOT), sd.serdeInfo().parameters());
    assertEquals(3, sd.columns().size(), "columns stay in Glue so Lake Formation and views see the schema");
    assertEquals(List.of("currency", "day"), in.partitionKeys().stream().map(Column::name).toList());
  }

  @Test
  void createRequestsNameTheDatabase() {
    CreateTableRequest create = GlueRequests.createTable(definition(CatalogFormat.MANIFEST));
    assertEquals("cdc_curated", create.databaseName());
    assertEquals(GlueRequests.tableInput(definition(CatalogFormat.MANIFEST)), create.tableInput());

    CreateDatabaseRequest db = GlueRequests.createDatabase("cdc_curated", "Curated tables");
    assertEquals("cdc_curated", db.databaseInput().name());
    assertEquals("Curated tables", db.databaseInput().description());
  }

  @Test
  void updateKeepsForeignPropertiesDropsStaleOwnedOnesAndGuardsTheVersion() {
    TableDefinition def = definition(CatalogFormat.MANIFEST);
    Table existing = Table.builder().name("payments_payments").versionId("41")
        .parameters(Map.of(
            "table_type", "DELTA",                       // owned: stale from a native registration
            "cdclake.retired_property", "x",             // owned: no longer written
            "lakeformation.tag", "pci",                  // someone else's
            "UPDATED_BY_CRAWLER", "payments-crawler"))   // someone else's
        .build();

    UpdateTableRequest update = GlueRequests.updateTable(def, existing, true);

    assertEquals("cdc_curated", update.databaseName());
    assertEquals("41", update.versionId());
    assertEquals(Boolean.TRUE, update.skipArchive());
    Map<String, String> params = update.tableInput().parameters();
    assertEquals("pci", params.get("lakeformation.tag"));
    assertEquals("payments-crawler", params.get("UPDATED_BY_CRAWLER"));
    assertNull(params.get("table_type"));
    assertNull(params.get("cdclake.retired_property"));
    assertEquals("12", params.get("cdclake.delta_version"));
    assertEquals(GlueRequests.tableInput(def).storageDescriptor(), update.tableInput().storageDescriptor());
    assertEquals(Boolean.FALSE, GlueRequests.updateTable(def, existing, false).skipArchive());
  }

  @Test
  void partitionInputPointsAtThePartitionsManifestDirectory() {
    TableDefinition def = definition(CatalogFormat.MANIFEST);
    PartitionInput p = GlueRequests.partitionInput(def,
        new ManifestPartition(List.of("EUR", "2024-01-31"), "currency=EUR/day=2024-01-31"));
    assertEquals(List.of("EUR", "2024-01-31"), p.values());
    assertEquals(ROOT + "/_symlink_format_manifest/currency=EUR/day=2024-01-31", p.storageDescriptor().location());
    assertEquals(GlueRequests.tableInput(def).storageDescriptor().columns(), p.storageDescriptor().columns());
    assertEquals("org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat", p.storageDescriptor().inputFormat());
  }

  @Test
  void batchesRespectGlueLimitsAndKeepEveryPartition() {
    TableDefinition def = definition(CatalogFormat.MANIFEST);
    List<PartitionInput> inputs = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      inputs.add(GlueRequests.partitionInput(def, new ManifestPartition(List.of("C" + i, "2024-01-01"),
          "currency=C" + i + "/day=2024-01-01")));
      values.add(List.of("C" + i, "2024-01-01"));
    }
    List<BatchCreatePartitionRequest> creates = GlueRequests.createPartitions(def, inputs);
    assertEquals(List.of(100, 100, 30), creates.stream().map(r -> r.partitionInputList().size()).toList());
    assertEquals(inputs, creates.stream().flatMap(r -> r.partitionInputList().stream()).toList());
    assertTrue(creates.stream().allMatch(r -> r.databaseName().equals("cdc_curated")
        && r.tableName().equals("payments_payments")));

    List<BatchUpdatePartitionRequest> updates = GlueRequests.updatePartitions(def, inputs);
    assertEquals(3, updates.size());
    assertEquals(inputs.get(150).values(), updates.get(1).entries().get(50).partitionValueList());

    List<BatchDeletePartitionRequest> deletes = GlueRequests.deletePartitions("cdc_curated", "payments_payments", values);
    assertEquals(10, deletes.size());
    assertTrue(deletes.stream().allMatch(r -> r.partitionsToDelete().size() <= 25));
    assertEquals(230, deletes.stream().mapToInt(r -> r.partitionsToDelete().size()).sum());
    assertTrue(GlueRequests.createPartitions(def, List.of()).isEmpty());
  }
}
