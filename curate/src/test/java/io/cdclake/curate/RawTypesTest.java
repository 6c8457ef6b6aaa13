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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * Types are bound in curate, not at ingest: the raw zone keeps the text that arrived, so a value that does not fit
 * the contract is held per table and comes back after the fix, and a widened contract re-reads old raw rows.
 */
class RawTypesTest {
  private static Dataset<Row> quarantine(TestLake lake) {
    return lake.spark.read().format("delta")
        .load(CuratePaths.quarantine(lake.paths(), lake.contract("crm_members")));
  }

  @Test
  void aValueThatNoLongerFitsIsHeldAndReleasedOnceTheContractIsFixed() {
    TestLake lake = TestLake.create(SchemaEvolutionTest.V1);
    lake.land("crm_members", List.of(
        change(DmsOperation.INSERT, "crm", "members", 10, 1, row("id", 1L, "name", "Ada", "points", 5))));
    lake.curate();
    // The source column grew past int: valid at the source, not under the contract.
    lake.land("crm_members", List.of(
        update("crm", "members", 20, 1, row("id", 1L), row("id", 1L, "name", "Ada", "points", 9_000_000_001L)),
        change(DmsOperation.INSERT, "crm", "members", 20, 2, row("id", 2L, "name", "Bo", "points", 3_000_000_000L)),
        change(DmsOperation.INSERT, "crm", "members", 20, 3, row("id", 3L, "name", "Cy", "points", 7))));
    TableReport held = lake.curate().table("crm_members").orElseThrow();

    assertEquals(TableReport.Status.QUARANTINED, held.status(), "a held change is never reported as OK");
    assertEquals(2, held.quarantined());
    Map<Long, Row> rows = SchemaEvolutionTest.byId(lake.table("crm_members"));
    assertEquals(5, rows.get(1L).<Integer>getAs("points"), "nothing is applied as null");
    assertEquals(7, rows.get(3L).<Integer>getAs("points"), "the rows beside it go on");
    assertEquals(2, rows.size());
    List<Row> q = quarantine(lake).collectAsList();
    assertEquals(2, q.size());
    for (Row r : q) {
      assertEquals(CurateQuarantine.ReasonCode.TYPE_MISMATCH.name(), r.getAs(CurateQuarantine.REASON_CODE));
      assertEquals("points is not a valid INT", r.getAs(CurateQuarantine.REASON));
    }

    TableReport stillHeld = lake.curate().table("crm_members").orElseThrow();
    assertEquals(TableReport.Status.QUARANTINED, stillHeld.status(), "still held while the contract is unchanged");
    assertEquals(2, quarantine(lake).count());

    lake.putContract(SchemaEvolutionTest.V2);
    lake.reload();
    TableReport released = lake.curate().table("crm_members").orElseThrow();
    assertEquals(TableReport.Status.OK, released.status(), released.messages().toString());
    assertEquals(2, released.releasedFromQuarantine());
    rows = SchemaEvolutionTest.byId(lake.table("crm_members"));
    assertEquals(9_000_000_001L, rows.get(1L).<Long>getAs("points"));
    assertEquals(3_000_000_000L, rows.get(2L).<Long>getAs("points"));
    assertEquals(7L, rows.get(3L).<Long>getAs("points"));
    assertEquals(0, quarantine(lake).count());
  }

  @Test
  void aWidenedContractReadsRawWrittenBeforeTheWidening() {
    TestLake lake = TestLake.create(SchemaEvolutionTest.V1);
    lake.land("crm_members", List.of(
        change(DmsOperation.INSERT, "crm", "members", 10, 1, row("id", 1L, "name", "Ada", "points", 5)),
        change(DmsOperation.INSERT, "crm", "members", 10, 2, row("id", 2L, "name", "Bo", "points", -7))));
    lake.putContract(SchemaEvolutionTest.V2);
    lake.reload();
    lake.land("crm_members", List.of(
        change(DmsOperation.INSERT, "crm", "members", 20, 3, row("id", 3L, "name", "Cy", "points", 5_000_000_000L))));

    TableReport report = lake.curate().table("crm_members").orElseThrow();
    assertEquals(TableReport.Status.OK, report.status(), report.messages().toString());
    Dataset<Row> t = lake.table("crm_members");
    assertEquals(DataTypes.LongType, SchemaEvolutionTest.typeOf(t, "points"));
    Map<Long, Row> rows = SchemaEvolutionTest.byId(t);
    assertEquals(5L, rows.get(1L).<Long>getAs("points"));
    assertEquals(-7L, rows.get(2L).<Long>getAs("points"));
    assertEquals(5_000_000_000L, rows.get(3L).<Long>getAs("points"));
    assertTrue(report.rawChangesRead() >= 3);
  }
}
