package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.row;
import static io.cdclake.curate.testing.Dms.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.curate.quarantine.CurateQuarantine;
import io.cdclake.curate.testing.TestLake;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {
  static final String V1 = """
      {
        "source": { "schema": "crm", "table": "members" },
        "primaryKey": ["id"],
        "curated": { "table": "crm_members" },
        "columns": [
          { "name": "id", "type": "bigint" },
          { "name": "name", "type": "string" },
          { "name": "points", "type": "int" }
        ]
      }
      """;
  static final String V2 = V1.replace("""
          { "name": "points", "type": "int" }""", """
          { "name": "points", "type": "bigint" },
          { "name": "segment", "type": "string" }""");
  /** Declares as int a column the table already holds as text: not a widening. */
  static final String V3 = V2.replace("""
          { "name": "segment", "type": "string" }""", """
          { "name": "segment", "type": "string" },
          { "name": "tier", "type": "int" }""");

  static Map<Long, Row> byId(Dataset<Row> table) {
    Map<Long, Row> out = new TreeMap<>();
    table.collectAsList().forEach(r -> out.put(r.getLong(r.fieldIndex("id")), r));
    return out;
  }

  static DataType typeOf(Dataset<Row> df, String column) {
    return df.schema().apply(column).dataType();
  }

  @Test
  void newColumnsAppearWithoutAManualStepAndSafeWideningsRewrite() {
    TestLake lake = TestLake.create(V1);
    lake.land("crm_members", List.of(
        change(DmsOperation.INSERT, "crm", "members", 10, 1, row("id", 1L, "name", "Ada", "points", 5)),
        // The source gained a column the contract does not declare.
        change(DmsOperation.INSERT, "crm", "members", 20, 1, 
            row("id", 2L, "name", "Bo", "points", 7, "tier", "gold"))));
    TableReport first = lake.curate().table("crm_members").orElseThrow();
    Dataset<Row> t = lake.table("crm_members");
    assertEquals(DataTypes.StringType, typeOf(t, "tier"));
    assertEquals("gold", byId(t).get(2L).getAs("tier"));
    assertNull(byId(t).get(1L).getAs("tier"));
    assertEquals(TableReport.Status.OK, first.status());

    // The contract now declares a new column and widens points to bigint.
    lake.putContract(V2);
    lake.reload();
    lake.land("crm_members", List.of(update("crm", "members", 30, 1, row("id", 1L),
        row("id", 1L, "name", "Ada", "points", 9_000_000_000L, "segment", "retail", "tier", "silver"))));
    TableReport second = lake.curate().table("crm_members").orElseThrow();
    t = lake.table("crm_members");
    assertEquals(DataTypes.LongType, typeOf(t, "points"));
    assertEquals(DataTypes.StringType, typeOf(t, "segment"));
    Map<Long, Row> rows = byId(t);
    assertEquals(9_000_000_000L, rows.get(1L).<Long>getAs("points"));
    assertEquals(7L, rows.get(2L).<Long>getAs("points"), "rewritten rows keep their values");
    assertEquals("retail", rows.get(1L).getAs("segment"));
    assertEquals("silver", rows.get(1L).getAs("tier"));
    assertEquals(1, second.rowsUpdated());
  }

  @Test
  void aValueThatNoLongerFitsAnUndeclaredColumnIsHeldNotNulled() {
    TestLake lake = TestLake.create(V1);
    lake.land("crm_members", List.of(
        change(DmsOperation.INSERT, "crm", "members", 10, 1, row("id", 1L, "name", "Ada", "points", 5))));
    lake.curate();
    // The contract stops declaring points; the table keeps it as int, and DMS still sends it.
    lake.putContract(V1.replaceAll(",\\s*\\{ \"name\": \"points\", \"type\": \"int\" \\}", ""));
    lake.reload();
    assertTrue(lake.contract("crm_members").column("points").isEmpty(), "points is no longer declared");
    lake.land("crm_members", List.of(update("crm", "members", 20, 1, row("id", 1L),
        row("id", 1L, "name", "Ada B", "points", "lots"))));
    TableReport report = lake.curate().table("crm_members").orElseThrow();
    assertEquals(TableReport.Status.QUARANTINED, report.status(), report.toString());
    Row ada = byId(lake.table("crm_members")).get(1L);
    assertEquals("Ada", ada.getAs("name"), "the change is held, not applied with points turned into null");
    assertEquals(5, (int) ada.<Integer>getAs("points"));
  }

  @Test
  void aPartitionedTableWidensEvenWhereTheClusterOverwritesPartitionsDynamically() {
    String partitioned = V1.replace("\"table\": \"crm_members\" }",
        "\"table\": \"crm_members\", \"partitionBy\": [\"name\"] }");
    TestLake lake = TestLake.create(partitioned);
    lake.land("crm_members", List.of(
        change(DmsOperation.INSERT, "crm", "members", 10, 1, row("id", 1L, "name", "Ada", "points", 5)),
        change(DmsOperation.INSERT, "crm", "members", 10, 2, row("id", 2L, "name", "Bo", "points", 7))));
    lake.curate();

    // A cluster default (spark-defaults.conf) that every per-table session inherits.
    String mode = "spark.sql.sources.partitionOverwriteMode";
    lake.spark.sparkContext().conf().set(mode, "dynamic");
    try {
      lake.putContract(partitioned.replace("{ \"name\": \"points\", \"type\": \"int\" }",
          "{ \"name\": \"points\", \"type\": \"bigint\" }"));
      lake.reload();
      lake.land("crm_members", List.of(update("crm", "members", 30, 1, row("id", 1L),
          row("id", 1L, "name", "Ada", "points", 9_000_000_000L))));
      TableReport widened = lake.curate().table("crm_members").orElseThrow();
      assertEquals(TableReport.Status.OK, widened.status(), widened.toString());
    } finally {
      lake.spark.sparkContext().conf().remove(mode);
    }
    Dataset<Row> t = lake.table("crm_members");
    assertEquals(DataTypes.LongType, typeOf(t, "points"));
    assertEquals(9_000_000_000L, byId(t).get(1L).<Long>getAs("points"));
    assertEquals(7L, byId(t).get(2L).<Long>getAs("points"), "the other partition is rewritten, not lost");
    Row detail = lake.spark.sql("DESCRIBE DETAIL delta.`" + lake.paths().curatedTable(lake.contract("crm_members"))
        + "`").first();
    assertEquals(List.of("name"), detail.getList(detail.fieldIndex("partitionColumns")));
  }

  @Test
  void anUnsafeTypeChangeHoldsTheTablesChangesAndOtherTablesProceed() {
    TestLake lake = TestLake.create(V2, LatestStateCurationTest.SOFT);
    lake.land("crm_members", List.of(
        change(DmsOperation.INSERT, "crm", "members", 10, 1, 
            row("id", 1L, "name", "Ada", "points", 5, "tier", "gold"))));
    lake.curate();
    long before = lake.version("crm_members");

    lake.putContract(V3);
    lake.reload();
    lake.land("crm_members", List.of(
        update("crm", "members", 20, 1, row("id", 1L), row("id", 1L, "name", "Ada L.", "points", 6, "tier", 3)),
        change(DmsOperation.INSERT, "crm", "members", 20, 2, row("id", 2L, "name", "Bo", "points", 1, "tier", 1))));
    lake.land("bank_clients", List.of(
        change(DmsOperation.INSERT, "bank", "clients", 20, 1, row("id", 1L, "name", "Cy"))));
    CurateReport held = lake.curate();

    TableReport members = held.table("crm_members").orElseThrow();
    assertEquals(TableReport.Status.QUARANTINED, members.status());
    assertEquals(2, members.quarantined());
    assertTrue(members.messages().get(0).contains("'tier' is string in the curated table but the contract now"
        + " declares int"), members.messages().toString());
    assertFalse(held.hasFailures(), "a held table is not a failed run");
    assertEquals(before, lake.version("crm_members"), "nothing half-applied");
    assertEquals("Ada", byId(lake.table("crm_members")).get(1L).getAs("name"));
    Dataset<Row> quarantine = lake.spark.read().format("delta")
        .load(CuratePaths.quarantine(lake.paths(), lake.contract("crm_members")));
    assertEquals(2, quarantine.count());
    assertEquals(List.of("SCHEMA"), quarantine.select(CurateQuarantine.REASON_CODE).distinct().collectAsList()
        .stream().map(r -> r.getString(0)).toList());
    assertTrue(Arrays.asList(quarantine.columns()).contains(CurateQuarantine.REASON));
    assertEquals(TableReport.Status.OK, held.table("bank_clients").orElseThrow().status());
    assertEquals(1, lake.table("bank_clients").count(), "the other table proceeded");

    // The contract is fixed (tier undeclared again): the next run applies the held changes and clears them.
    lake.putContract(V2);
    lake.reload();
    TableReport released = lake.curate().table("crm_members").orElseThrow();
    assertEquals(TableReport.Status.OK, released.status());
    assertEquals(2, released.releasedFromQuarantine());
    Map<Long, Row> rows = byId(lake.table("crm_members"));
    assertEquals("Ada L.", rows.get(1L).getAs("name"));
    assertEquals("3", rows.get(1L).getAs("tier"), "values of a column undeclared by the fix come back as text");
    assertEquals(new BigDecimal("1").longValue(), rows.get(2L).<Long>getAs("points"));
    assertEquals(0, lake.spark.read().format("delta")
        .load(CuratePaths.quarantine(lake.paths(), lake.contract("crm_members"))).count());
  }
}
