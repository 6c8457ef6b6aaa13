package io.cdclake.catalog.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.DeltaFixtures;
import io.cdclake.common.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaTablesTest {
  @Test
  void readsTheNewestVersionWithItsSchemaPartitioningPropertiesAndFeatures() {
    Path lake = SharedSpark.newDir("catalog-delta-tables-");
    String path = DeltaFixtures.payments(lake, "payments_payments", true);
    DeltaTableState first = DeltaTables.read(DeltaFixtures.spark(), path).orElseThrow();
    assertEquals(0, first.version());
    assertFalse(first.deletionVectors());

    DeltaFixtures.appendWithNewColumn(path);
    DeltaFixtures.spark().sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ("
        + "'delta.enableDeletionVectors' = 'true', 'cdclake.source' = 'payments.payments')");
    DeltaTableState state = DeltaTables.read(DeltaFixtures.spark(), path).orElseThrow();

    assertEquals(path, state.path());
    assertEquals(2, state.version());
    assertEquals(List.of("payment_id", "currency", "amount", "created_at", "_seq", "_deleted", "loyalty_tier"),
        Arrays.asList(state.schema().fieldNames()));
    assertEquals(List.of("currency"), state.partitionColumns());
    assertEquals("payments.payments", state.configuration().get("cdclake.source"));
    assertTrue(state.features().contains("deletionVectors"), state.features().toString());
    assertTrue(state.deletionVectors());
  }

  /** The catalog declares char and varchar columns with their lengths, which Spark keeps in field metadata. */
  @Test
  void keepsTheFieldMetadataOfDeclaredCharAndVarcharColumns() {
    String path = DeltaFixtures.curatedPath(SharedSpark.newDir("catalog-delta-tables-"), "customers");
    DeltaFixtures.spark().sql("CREATE TABLE delta.`" + path + "` (id BIGINT, country CHAR(2), email VARCHAR(40))"
        + " USING delta");
    DeltaTableState state = DeltaTables.read(DeltaFixtures.spark(), path).orElseThrow();
    assertEquals("char(2)", state.schema().apply("country").metadata().getString("__CHAR_VARCHAR_TYPE_STRING"));
    assertEquals("varchar(40)", state.schema().apply("email").metadata().getString("__CHAR_VARCHAR_TYPE_STRING"));
  }

  @Test
  void noDeltaTableYetIsEmpty() {
    String path = DeltaFixtures.curatedPath(SharedSpark.newDir("catalog-delta-tables-"), "not_curated_yet");
    assertTrue(DeltaTables.read(DeltaFixtures.spark(), path).isEmpty());
  }
}
