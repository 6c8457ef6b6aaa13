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
    return quarantine(lake, "crm_members");
  }

  private static Dataset<Row> quarantine(TestLake lake, String table) {
    return lake.spark.read().format("delta").load(CuratePaths.quarantine(lake.paths(), lake.contract(table)));
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

  private static final String LEDGER = """
      {
        "source": { "schema": "fin", "table": "ledger" },
        "primaryKey": ["id"],
        "curated": { "table": "fin_ledger" },
        "columns": [
          { "name": "id", "type": "bigint" },
          { "name": "amount", "type": "decimal(12,2)" },
          { "name": "rate", "type": "double" },
          { "name": "opened", "type": "date" },
          { "name": "posted_at", "type": "timestamp" }
        ]
      }
      """;

  /** Curates again after the ledger contract's amount is widened to decimal(14,4); the rows by id. */
  private static Map<Long, Row> curateWidened(TestLake lake, String contract) {
    lake.putContract(contract.replace("decimal(12,2)", "decimal(14,4)"));
    lake.reload();
    lake.curate();
    return SchemaEvolutionTest.byId(lake.table("fin_ledger"));
  }

  /** The held rows' reasons by the id in their row image. */
  private static Map<String, String> reasonsById(TestLake lake) {
    Map<String, String> reasons = new java.util.TreeMap<>();
    quarantine(lake, "fin_ledger").collectAsList().forEach(r -> reasons.put(
        r.<String, String>getJavaMap(r.fieldIndex("_data")).get("id"), r.getAs(CurateQuarantine.REASON)));
    return reasons;
  }

  private static Map<String, Object> ledger(long id, Object amount, Object rate, String opened, String postedAt) {
    return row("id", id, "amount", amount, "rate", rate, "opened", opened, "posted_at", postedAt);
  }

  /**
   * A cast that would change the value is not a fit: a decimal rounded to the contract's scale, a number beyond a
   * double's range (infinite) or below it (zero), a date or time outside the years 1-9999 the types hold. Each
   * row is held naming its column and the reason, never written changed; the rest apply, and a contract with
   * the room releases them exactly.
   */
  @Test
  void aValueTheCastWouldChangeIsHeldNotRounded() {
    String fits = "2024-03-01";
    String at = "2024-03-01 09:00:00";
    TestLake lake = TestLake.create(LEDGER);
    lake.land("fin_ledger", List.of(
        change(DmsOperation.INSERT, "fin", "ledger", 10, 1, ledger(1, new java.math.BigDecimal("1.005"), 1.5, fits, at)),
        change(DmsOperation.INSERT, "fin", "ledger", 10, 2, ledger(2, "1.2345E1", 1.5, fits, at)),
        change(DmsOperation.INSERT, "fin", "ledger", 10, 3, ledger(3, "1.50", "1e400", fits, at)),
        change(DmsOperation.INSERT, "fin", "ledger", 10, 4, ledger(4, "1.50", "-2.5e-400", fits, at)),
        change(DmsOperation.INSERT, "fin", "ledger", 10, 5, ledger(5, "1.50", 1.5, "10000-01-01", at)),
        change(DmsOperation.INSERT, "fin", "ledger", 10, 6, ledger(6, "1.50", 1.5, fits, "10000-01-01 00:00:00")),
        // Fit exactly: trailing zeros, an exponent that lands on the scale, zero written as such, the years' edges.
        change(DmsOperation.INSERT, "fin", "ledger", 10, 7, ledger(7, "2.5000E1", "0.0e5", "0001-01-01",
            "9999-12-31 23:59:59")),
        change(DmsOperation.INSERT, "fin", "ledger", 10, 8, ledger(8, "-0.10", "-Infinity", "9999-12-31",
            "0001-01-01 00:00:00"))));
    TableReport held = lake.curate().table("fin_ledger").orElseThrow();

    assertEquals(TableReport.Status.QUARANTINED, held.status());
    Map<Long, Row> rows = SchemaEvolutionTest.byId(lake.table("fin_ledger"));
    assertEquals(java.util.Set.of(7L, 8L), rows.keySet(), "only the values that fit exactly are written");
    assertEquals(0, new java.math.BigDecimal("25.00").compareTo(rows.get(7L).getAs("amount")));
    assertEquals(Double.NEGATIVE_INFINITY, rows.get(8L).<Double>getAs("rate"), "an infinity sent as such is one");
    Map<String, String> reasons = reasonsById(lake);
    assertEquals(Map.of(
        "1", "amount has more decimal places than DECIMAL(12,2) holds",
        "2", "amount has more decimal places than DECIMAL(12,2) holds",
        "3", "rate is beyond the range of DOUBLE",
        "4", "rate is too small for DOUBLE (it would be zero)",
        "5", "opened is outside the years 1-9999 of DATE",
        "6", "posted_at is outside the years 1-9999 of TIMESTAMP"), reasons);

    rows = curateWidened(lake, LEDGER);
    assertEquals(0, new java.math.BigDecimal("1.005").compareTo(rows.get(1L).getAs("amount")), "released exactly");
    assertEquals(0, new java.math.BigDecimal("12.345").compareTo(rows.get(2L).getAs("amount")));
    assertEquals(4, quarantine(lake, "fin_ledger").count(), "the others stay held");
  }

  /**
   * A key change's before-image is read too: it names the old key, and in a soft-delete table the old key's deleted
   * row shows its values. A value there that the cast would change or cannot read holds the record like one in the
   * row image, instead of a rounded value in the deleted row or an old key never deleted.
   */
  @Test
  void aKeyChangesBeforeImageValueTheCastWouldChangeIsHeldToo() {
    String soft = LEDGER.replace("\"table\": \"fin_ledger\" }", "\"table\": \"fin_ledger\", \"deleteMode\": \"soft\" }");
    String fits = "2024-03-01";
    String at = "2024-03-01 09:00:00";
    TestLake lake = TestLake.create(soft);
    lake.land("fin_ledger", List.of(
        change(DmsOperation.INSERT, "fin", "ledger", 10, 1, ledger(1, "1.00", 1.5, fits, at)),
        change(DmsOperation.INSERT, "fin", "ledger", 10, 2, ledger(3, "3.00", 1.5, fits, at))));
    lake.curate();
    lake.land("fin_ledger", List.of(
        // Key 1 becomes 2; the source's column is wider now, and the before-image says so.
        update("fin", "ledger", 20, 1, ledger(1, "1.005", 1.5, fits, at), ledger(2, "2.50", 1.5, fits, at)),
        // The before-image's key is no bigint: which row moved cannot be told.
        update("fin", "ledger", 20, 2, ledger(3, "3.00", 1.5, fits, at).entrySet().stream().collect(
            java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getKey().equals("id") ? "x3" : e.getValue())),
            ledger(4, "4.00", 1.5, fits, at)),
        // A plain update's before-image is not used: its value does not matter.
        update("fin", "ledger", 30, 1, ledger(3, "3.0001", 1.5, fits, at), ledger(3, "3.50", 1.5, fits, at))));
    TableReport held = lake.curate().table("fin_ledger").orElseThrow();

    assertEquals(TableReport.Status.QUARANTINED, held.status());
    Map<Long, Row> rows = SchemaEvolutionTest.byId(lake.table("fin_ledger"));
    assertEquals(java.util.Set.of(1L, 3L), rows.keySet(), "neither key change applied: " + rows);
    assertEquals(false, rows.get(1L).<Boolean>getAs("_deleted"));
    assertEquals(0, new java.math.BigDecimal("3.50").compareTo(rows.get(3L).getAs("amount")));
    Map<String, String> reasons = reasonsById(lake);
    assertEquals(Map.of(
        "2", "amount has more decimal places than DECIMAL(12,2) holds (in the before-image)",
        "4", "id is not a valid BIGINT (in the before-image)"), reasons);

    rows = curateWidened(lake, soft);
    assertEquals(true, rows.get(1L).<Boolean>getAs("_deleted"), "the old key is deleted once released");
    assertEquals(0, new java.math.BigDecimal("1.005").compareTo(rows.get(1L).getAs("amount")),
        "showing its exact before-image value");
    assertEquals(0, new java.math.BigDecimal("2.50").compareTo(rows.get(2L).getAs("amount")));
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
