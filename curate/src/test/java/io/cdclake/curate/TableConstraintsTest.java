package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.row;
import static io.cdclake.curate.testing.Dms.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.curate.quarantine.CurateQuarantine;
import io.cdclake.curate.testing.TestLake;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A CHECK constraint an operator adds to a curated table refuses rows at write time, inside the MERGE (Delta
 * cannot make an existing column NOT NULL, and curate creates every column nullable). A refused row used to fail the table's batch on every run, with Spark's text and
 * no record named; now the rows a constraint refuses are held naming the constraint, the rest apply, and the held
 * rows come back once the constraint no longer refuses them.
 */
class TableConstraintsTest {
  @Test
  void rowsTheTablesConstraintsRefuseAreHeldAndTheRestApply() {
    TestLake lake = TestLake.create(SchemaEvolutionTest.V1);
    lake.land("crm_members", List.of(
        change(DmsOperation.INSERT, "crm", "members", 10, 1, row("id", 1L, "name", "Ada", "points", 5))));
    lake.curate();
    String table = "delta.`" + lake.paths().curatedTable(lake.contract("crm_members")) + "`";
    lake.spark.sql("ALTER TABLE " + table + " ADD CONSTRAINT points_not_negative CHECK (points >= 0)");

    lake.land("crm_members", List.of(
        update("crm", "members", 20, 1, row("id", 1L), row("id", 1L, "name", "Ada", "points", 9)),
        change(DmsOperation.INSERT, "crm", "members", 20, 2, row("id", 2L, "name", "Bo", "points", -3)),
        change(DmsOperation.INSERT, "crm", "members", 20, 3, row("id", 3L, "name", null, "points", 1)),
        change(DmsOperation.INSERT, "crm", "members", 20, 4, row("id", 4L, "name", "Cy", "points", null)),
        change(DmsOperation.INSERT, "crm", "members", 20, 5, row("id", 5L, "name", "Di", "points", 0))));
    TableReport held = lake.curate().table("crm_members").orElseThrow();

    assertEquals(TableReport.Status.QUARANTINED, held.status(), held.messages().toString());
    assertEquals(2, held.quarantined());
    Map<Long, Row> rows = SchemaEvolutionTest.byId(lake.table("crm_members"));
    assertEquals(List.of(1L, 3L, 5L), List.copyOf(rows.keySet()), "the rows beside the refused ones apply");
    assertEquals(9, rows.get(1L).<Integer>getAs("points"));
    Map<String, String> reasons = new TreeMap<>();
    lake.spark.read().format("delta").load(CuratePaths.quarantine(lake.paths(), lake.contract("crm_members")))
        .collectAsList().forEach(r -> {
          assertEquals(CurateQuarantine.ReasonCode.CONSTRAINT.name(), r.getAs(CurateQuarantine.REASON_CODE));
          reasons.put(r.<String, String>getJavaMap(r.fieldIndex("_data")).get("id"), r.getAs(CurateQuarantine.REASON));
        });
    // Delta refuses a null as it refuses false, so a null points breaks the CHECK too.
    assertEquals(Map.of(
        "2", "refused by the curated table's CHECK constraint points_not_negative (points >= 0)",
        "4", "refused by the curated table's CHECK constraint points_not_negative (points >= 0)"), reasons);
    assertTrue(held.messages().stream().anyMatch(m -> m.contains("constraint")), held.messages().toString());

    lake.spark.sql("ALTER TABLE " + table + " DROP CONSTRAINT points_not_negative");
    TableReport released = lake.curate().table("crm_members").orElseThrow();
    assertEquals(2, released.releasedFromQuarantine(), released.messages().toString());
    rows = SchemaEvolutionTest.byId(lake.table("crm_members"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), List.copyOf(rows.keySet()));
    assertEquals(-3, rows.get(2L).<Integer>getAs("points"));
  }
}
