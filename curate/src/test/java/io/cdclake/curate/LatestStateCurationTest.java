package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.load;
import static io.cdclake.curate.testing.Dms.row;
import static io.cdclake.curate.testing.Dms.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.curate.quarantine.CurateQuarantine;
import io.cdclake.curate.testing.Dms;
import io.cdclake.curate.testing.TestLake;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LatestStateCurationTest {
  static final String HARD = """
      {
        "source": { "schema": "bank", "table": "accounts" },
        "primaryKey": ["id"],
        "curated": { "table": "bank_accounts", "partitionBy": ["currency"], "deleteMode": "hard" },
        "columns": [
          { "name": "id", "type": "bigint" },
          { "name": "owner", "type": "string" },
          { "name": "balance", "type": "decimal(12,2)" },
          { "name": "currency", "type": "string" }
        ]
      }
      """;
  static final String SOFT = """
      {
        "source": { "schema": "bank", "table": "clients" },
        "primaryKey": ["id"],
        "curated": { "table": "bank_clients", "deleteMode": "soft" },
        "columns": [
          { "name": "id", "type": "bigint" },
          { "name": "name", "type": "string" },
          { "name": "city", "type": "string" }
        ]
      }
      """;

  static Map<String, Object> acct(long id, String owner, String balance, String currency) {
    return row("id", id, "owner", owner, "balance", balance, "currency", currency);
  }

  static Map<Long, Row> byId(TestLake lake, String table) {
    Map<Long, Row> out = new TreeMap<>();
    for (Row r : lake.table(table).collectAsList()) {
      out.put(r.getLong(r.fieldIndex("id")), r);
    }
    return out;
  }

  @Test
  void appliesEachKeysLatestChangeInSourceOrderNotFileOrder() {
    TestLake lake = TestLake.create(HARD);
    // Written newest first: file order is the opposite of source order.
    lake.land("bank_accounts", List.of(
        update("bank", "accounts", 40, 1, acct(1, "ada", "10.00", "EUR"), acct(1, "ada", "40.00", "USD")),
        change(DmsOperation.DELETE, "bank", "accounts", 30, 1, acct(2, "bob", "5.00", "EUR")),
        update("bank", "accounts", 20, 2, acct(1, "ada", "10.00", "EUR"), acct(1, "ada", "20.00", "EUR")),
        // Same commit time as the next one: the record id inside the transaction decides.
        update("bank", "accounts", 20, 1, acct(3, "cy", "1.00", "EUR"), acct(3, "cy", "2.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 10, 3, acct(3, "cy", "1.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 10, 2, acct(2, "bob", "5.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, acct(1, "ada", "10.00", "EUR"))));

    TableReport report = lake.curate().table("bank_accounts").orElseThrow();

    Map<Long, Row> rows = byId(lake, "bank_accounts");
    assertEquals(List.of(1L, 3L), List.copyOf(rows.keySet()));
    assertEquals(new BigDecimal("40.00"), rows.get(1L).getAs("balance"));
    assertEquals("USD", rows.get(1L).getAs("currency"));
    assertEquals("update", rows.get(1L).getAs("_op"));
    assertEquals(Timestamp.from(Dms.at(40)), rows.get(1L).getAs("_commit_timestamp"));
    assertEquals(new BigDecimal("2.00"), rows.get(3L).getAs("balance"));
    assertEquals(TableReport.Status.OK, report.status());
    assertEquals(7, report.rawChangesRead());
    assertEquals(2, report.rowsInserted());
    assertEquals(0, report.rowsDeleted(), "key 2 never reached the table: its newest change is its delete");
    assertTrue(report.deltaVersion() > 0);
  }

  /**
   * A table this run created holds no rows, so its first batch is appended (what the MERGE would insert, without
   * its join: the first run after a full load, a rebuild's staging table); from then on batches merge. Both give
   * the rows the rules give: a soft-deleted unseen key with its last known values, a hard delete of an unseen key
   * inserting nothing.
   */
  @Test
  void aNewTablesFirstBatchIsAppendedAndTheNextOnesMerge() {
    TestLake lake = TestLake.create(HARD, SOFT);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, acct(1, "ada", "10.00", "EUR")),
        update("bank", "accounts", 20, 1, acct(1, "ada", "10.00", "EUR"), acct(1, "ada", "20.00", "EUR")),
        change(DmsOperation.DELETE, "bank", "accounts", 20, 2, acct(2, "bob", "5.00", "EUR"))));
    lake.land("bank_clients", List.of(
        change(DmsOperation.INSERT, "bank", "clients", 10, 1, row("id", 1L, "name", "Ada", "city", "Rome")),
        change(DmsOperation.DELETE, "bank", "clients", 20, 1, row("id", 1L)),
        change(DmsOperation.DELETE, "bank", "clients", 20, 2, row("id", 2L, "name", "Bo", "city", null))));
    lake.curate();

    assertEquals(List.of("WRITE"), dataCommits(lake, "bank_accounts"));
    assertEquals(List.of("WRITE"), dataCommits(lake, "bank_clients"));
    Map<Long, Row> accounts = byId(lake, "bank_accounts");
    assertEquals(List.of(1L), List.copyOf(accounts.keySet()));
    assertEquals(new BigDecimal("20.00"), accounts.get(1L).getAs("balance"));
    assertEquals("update", accounts.get(1L).getAs("_op"));
    Map<Long, Row> clients = byId(lake, "bank_clients");
    assertTrue(clients.get(1L).<Boolean>getAs("_deleted"));
    assertEquals("Ada", clients.get(1L).getAs("name"), "a key-only delete shows the batch's last known values");
    assertEquals("Rome", clients.get(1L).getAs("city"));
    assertEquals(Timestamp.from(Dms.at(20)), clients.get(1L).getAs("_deleted_at"));
    assertTrue(clients.get(2L).<Boolean>getAs("_deleted"));
    assertNull(clients.get(2L).getAs("city"));

    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 30, 1, acct(3, "cy", "1.00", "EUR")),
        change(DmsOperation.DELETE, "bank", "accounts", 30, 2, acct(1, "ada", "20.00", "EUR"))));
    lake.curate();

    assertEquals(List.of("WRITE", "MERGE"), dataCommits(lake, "bank_accounts"));
    assertEquals(List.of(3L), List.copyOf(byId(lake, "bank_accounts").keySet()));
  }

  /** Operations of the table's commits that wrote rows, oldest first. */
  static List<String> dataCommits(TestLake lake, String table) {
    return io.delta.tables.DeltaTable.forPath(lake.spark, lake.paths().curatedTable(lake.contract(table)))
        .history().where("operation IN ('WRITE', 'MERGE')").orderBy("version").select("operation")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  @Test
  void anUndeclaredColumnThatCannotBeCuratedIsLeftOutAndTheRowsStillApply() {
    TestLake lake = TestLake.create(SOFT);
    lake.land("bank_clients", List.of(
        change(DmsOperation.INSERT, "bank", "clients", 10, 1,
            row("id", 1L, "name", "Ada", "city", "Oslo", "Order Date", "2024-01-01", "CITY", "x", "_op", "y",
                "tier", "gold"))));
    TableReport first = lake.curate().table("bank_clients").orElseThrow();
    assertEquals(TableReport.Status.OK, first.status(), first.toString());
    assertEquals(1, first.rowsInserted());
    assertTrue(first.messages().stream().anyMatch(m -> m.contains("'Order Date'")), first.messages().toString());
    Row ada = byId(lake, "bank_clients").get(1L);
    assertEquals("gold", ada.getAs("tier"), "a plain undeclared column is still added");
    assertEquals("Oslo", ada.getAs("city"));

    // The next run is not held by the same columns either.
    lake.land("bank_clients", List.of(update("bank", "clients", 20, 1, row("id", 1L),
        row("id", 1L, "name", "Ada", "city", "Rome", "Order Date", "2024-02-01"))));
    TableReport second = lake.curate().table("bank_clients").orElseThrow();
    assertEquals(TableReport.Status.OK, second.status(), second.toString());
    assertEquals("Rome", byId(lake, "bank_clients").get(1L).getAs("city"));
  }

  @Test
  void aPartitionValueThatCannotBeAFolderHoldsItsRowNotTheTable() {
    TestLake lake = TestLake.create(HARD);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, acct(1, "Ada", "1.00", "x".repeat(300))),
        change(DmsOperation.INSERT, "bank", "accounts", 10, 2, acct(2, "Bo", "2.00", "EU\u0000R")),
        change(DmsOperation.INSERT, "bank", "accounts", 10, 3, acct(3, "Cy", "3.00", "EUR"))));
    TableReport report = lake.curate().table("bank_accounts").orElseThrow();
    assertEquals(TableReport.Status.QUARANTINED, report.status(), report.toString());
    assertEquals(List.of(3L), List.copyOf(byId(lake, "bank_accounts").keySet()));
    List<Row> held = lake.spark.read().format("delta")
        .load(CuratePaths.quarantine(lake.paths(), lake.contract("bank_accounts")))
        .select(CurateQuarantine.REASON).collectAsList();
    assertEquals(2, held.size(), held.toString());
    held.forEach(r -> assertTrue(r.getString(0).contains("'currency'"), r.toString()));
  }

  @Test
  void aTableWithoutRawDataYetIsCreatedEmptySoTheCatalogCanRegisterIt() {
    TestLake lake = TestLake.create(HARD);
    TableReport report = lake.curate().table("bank_accounts").orElseThrow();
    assertEquals(TableReport.Status.OK, report.status());
    assertEquals(0, report.rawChangesRead());
    assertEquals(0, lake.table("bank_accounts").count());
    assertEquals(List.of("id", "owner", "balance", "currency", "_op", "_cdc_sequence", "_commit_timestamp",
        "_arrival_timestamp"), List.of(lake.table("bank_accounts").columns()));
  }

  @Test
  void lateChangesAcrossRunsNeverOverwriteNewerStateAndDeletesStayDeleted() {
    TestLake lake = TestLake.create(HARD);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, acct(1, "ada", "10.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 10, 2, acct(2, "bob", "5.00", "EUR")),
        update("bank", "accounts", 50, 1, acct(1, "ada", "10.00", "EUR"), acct(1, "ada", "50.00", "EUR"))));
    lake.curate();
    lake.land("bank_accounts", List.of(
        change(DmsOperation.DELETE, "bank", "accounts", 60, 1, acct(2, "bob", "5.00", "EUR"))));
    lake.curate();

    // Both arrive late: committed before what the table already reflects.
    lake.land("bank_accounts", List.of(
        update("bank", "accounts", 30, 1, acct(1, "ada", "10.00", "EUR"), acct(1, "ada", "30.00", "EUR")),
        update("bank", "accounts", 40, 1, acct(2, "bob", "5.00", "EUR"), acct(2, "bob", "40.00", "EUR"))));
    TableReport late = lake.curate().table("bank_accounts").orElseThrow();

    Map<Long, Row> rows = byId(lake, "bank_accounts");
    assertEquals(List.of(1L), List.copyOf(rows.keySet()), "the late update must not resurrect deleted key 2");
    assertEquals(new BigDecimal("50.00"), rows.get(1L).getAs("balance"));
    assertEquals(2, late.lateChangesIgnored());
    assertEquals(0, late.rowsInserted() + late.rowsUpdated() + late.rowsDeleted());

    // A newer insert of the deleted key does come back.
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 70, 1, acct(2, "bob", "70.00", "GBP"))));
    lake.curate();
    assertEquals(new BigDecimal("70.00"), byId(lake, "bank_accounts").get(2L).getAs("balance"));
  }

  @Test
  void softDeleteKeepsATombstoneThatOlderLateUpdatesCannotRevive() {
    TestLake lake = TestLake.create(SOFT);
    lake.land("bank_clients", List.of(
        change(DmsOperation.INSERT, "bank", "clients", 10, 1, row("id", 1L, "name", "Ada")),
        // DMS without full supplemental logging sends only the key in deletes.
        change(DmsOperation.DELETE, "bank", "clients", 30, 1, row("id", 1L, "name", null))));
    TableReport first = lake.curate().table("bank_clients").orElseThrow();
    lake.land("bank_clients", List.of(
        update("bank", "clients", 20, 1, row("id", 1L, "name", "Ada"), row("id", 1L, "name", "Ada L."))));
    TableReport second = lake.curate().table("bank_clients").orElseThrow();

    Row r = byId(lake, "bank_clients").get(1L);
    assertTrue(r.<Boolean>getAs("_deleted"));
    assertEquals(Timestamp.from(Dms.at(30)), r.getAs("_deleted_at"));
    assertEquals("Ada L.", r.getAs("name"), "the key-only delete shows the last values before it");
    assertEquals(1, first.rowsDeleted());
    assertEquals(0, second.lateChangesIgnored());
    assertEquals(1, second.rowsUpdated());

    lake.land("bank_clients", List.of(
        change(DmsOperation.DELETE, "bank", "clients", 35, 1, row("id", 2L, "name", "Bo")),
        change(DmsOperation.INSERT, "bank", "clients", 40, 1, row("id", 1L, "name", "Ada again"))));
    lake.curate();
    Map<Long, Row> rows = byId(lake, "bank_clients");
    assertFalse(rows.get(1L).<Boolean>getAs("_deleted"));
    assertNull(rows.get(1L).getAs("_deleted_at"));
    assertEquals("Ada again", rows.get(1L).getAs("name"));
    assertTrue(rows.get(2L).<Boolean>getAs("_deleted"), "a delete of an unseen key still leaves a tombstone");
    assertEquals("Bo", rows.get(2L).getAs("name"));
  }

  @Test
  void aKeyOnlyDeleteKeepsTheLastKnownValuesAFullImageIsTakenAsItIs() {
    TestLake lake = TestLake.create(SOFT);
    lake.land("bank_clients", List.of(
        change(DmsOperation.INSERT, "bank", "clients", 10, 1, row("id", 1L, "name", "Ada", "city", "Rome")),
        change(DmsOperation.INSERT, "bank", "clients", 10, 2, row("id", 2L, "name", "Bo", "city", "Oslo"))));
    lake.curate();
    lake.land("bank_clients", List.of(
        // Without full supplemental logging DMS sends only the key.
        change(DmsOperation.DELETE, "bank", "clients", 30, 1, row("id", 1L)),
        // A full image: the city had been cleared by an update that has not arrived yet.
        change(DmsOperation.DELETE, "bank", "clients", 30, 2, row("id", 2L, "name", "Bo", "city", null))));
    lake.curate();
    Map<Long, Row> rows = byId(lake, "bank_clients");
    assertTrue(rows.get(1L).<Boolean>getAs("_deleted"));
    assertEquals("Ada", rows.get(1L).getAs("name"));
    assertEquals("Rome", rows.get(1L).getAs("city"));
    assertTrue(rows.get(2L).<Boolean>getAs("_deleted"));
    assertEquals("Bo", rows.get(2L).getAs("name"));
    assertNull(rows.get(2L).getAs("city"));
  }

  @Test
  void aKeyOnlyDeleteKeepsTheLastKnownValuesWhetherOrNotTheyArriveInTheSameRun() {
    TestLake lake = TestLake.create(SOFT);
    lake.land("bank_clients", List.of(
        change(DmsOperation.INSERT, "bank", "clients", 10, 2, row("id", 2L, "name", "Bo", "city", "Oslo"))));
    lake.curate();
    lake.land("bank_clients", List.of(
        // Inserted and deleted within one run: the insert is the last known state.
        change(DmsOperation.INSERT, "bank", "clients", 20, 1, row("id", 1L, "name", "Ada", "city", "Rome")),
        change(DmsOperation.DELETE, "bank", "clients", 30, 1, row("id", 1L)),
        // Updated and deleted within one run: the update, not the table's older row, is the last known state.
        update("bank", "clients", 20, 2, row("id", 2L, "name", "Bo", "city", "Oslo"),
            row("id", 2L, "name", "Bo", "city", "Bergen")),
        change(DmsOperation.DELETE, "bank", "clients", 30, 2, row("id", 2L))));
    lake.curate();

    Map<Long, Row> rows = byId(lake, "bank_clients");
    assertTrue(rows.get(1L).<Boolean>getAs("_deleted"));
    assertEquals("Ada", rows.get(1L).getAs("name"));
    assertEquals("Rome", rows.get(1L).getAs("city"));
    assertTrue(rows.get(2L).<Boolean>getAs("_deleted"));
    assertEquals("Bergen", rows.get(2L).getAs("city"));
  }

  /**
   * Found by RandomizedCurationTest with key-only deletes (seed 1003): the values a key-only delete shows came
   * from whatever had arrived by its run, so a late insert or update changed nothing and the row depended on the
   * arrival grouping.
   */
  @Test
  void aKeyOnlyDeleteShowsTheLastKnownValuesEvenWhenTheyArriveAfterIt() {
    TestLake lake = TestLake.create(SOFT);
    lake.land("bank_clients", List.of(
        change(DmsOperation.INSERT, "bank", "clients", 10, 1, row("id", 1L, "name", "Ada", "city", "Rome")),
        change(DmsOperation.DELETE, "bank", "clients", 30, 1, row("id", 1L)),
        // The delete of key 2 arrives before its insert.
        change(DmsOperation.DELETE, "bank", "clients", 30, 2, row("id", 2L)),
        change(DmsOperation.INSERT, "bank", "clients", 10, 3, row("id", 3L, "name", "Cy", "city", "Pisa")),
        update("bank", "clients", 20, 3, row("id", 3L), row("id", 3L, "name", "Cy", "city", "Lima"))));
    lake.curate();
    lake.land("bank_clients", List.of(
        update("bank", "clients", 20, 1, row("id", 1L), row("id", 1L, "name", "Ada", "city", "Milan")),
        change(DmsOperation.INSERT, "bank", "clients", 20, 2, row("id", 2L, "name", "Bo", "city", "Oslo")),
        // Older than the table's row: the table's values are the last known ones, not this update's.
        update("bank", "clients", 15, 3, row("id", 3L), row("id", 3L, "name", "Cy", "city", "Nice")),
        change(DmsOperation.DELETE, "bank", "clients", 30, 3, row("id", 3L))));
    lake.curate();

    Map<Long, Row> rows = byId(lake, "bank_clients");
    assertEquals(List.of("Ada", "Milan", "Bo", "Oslo", "Cy", "Lima"), java.util.Arrays.asList(
        rows.get(1L).getAs("name"), rows.get(1L).getAs("city"), rows.get(2L).getAs("name"),
        rows.get(2L).getAs("city"), rows.get(3L).getAs("name"), rows.get(3L).getAs("city")));
    for (Row r : rows.values()) {
      assertTrue(r.<Boolean>getAs("_deleted"));
      assertEquals(Timestamp.from(Dms.at(30)), r.getAs("_deleted_at"));
      assertEquals("delete", r.getAs("_op"));
    }
  }

  @Test
  void fullLoadThenCdcAndALoadRecordArrivingLateLosesToCdc() {
    TestLake lake = TestLake.create(HARD);
    lake.land("bank_accounts", List.of(
        load("bank", "accounts", 1, acct(1, "ada", "1.00", "EUR")),
        load("bank", "accounts", 2, acct(2, "bob", "2.00", "EUR")),
        // Captured while the load ran: applied after it, whatever the two clocks say.
        change(DmsOperation.UPDATE, "bank", "accounts", 0.5, 1, acct(2, "bob", "2.50", "EUR"))));
    lake.curate();
    lake.land("bank_accounts", List.of(
        // A reload of key 1 (no change data for it yet): newer load image wins.
        load("bank", "accounts", 3, acct(1, "ada", "1.10", "EUR")),
        // A load image of key 2 arriving after its change data: older than any change, ignored.
        load("bank", "accounts", 4, acct(2, "bob", "2.00", "EUR"))));
    TableReport report = lake.curate().table("bank_accounts").orElseThrow();

    Map<Long, Row> rows = byId(lake, "bank_accounts");
    assertEquals(new BigDecimal("1.10"), rows.get(1L).getAs("balance"));
    assertEquals("load", rows.get(1L).getAs("_op"));
    assertNull(rows.get(1L).getAs("_commit_timestamp"));
    assertEquals(new BigDecimal("2.50"), rows.get(2L).getAs("balance"));
    assertEquals(1, report.lateChangesIgnored());
    assertEquals(1, report.rowsUpdated());
  }

  @Test
  void primaryKeyChangeMovesTheRow() {
    TestLake lake = TestLake.create(HARD, SOFT);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, acct(3, "cy", "3.00", "EUR"))));
    lake.land("bank_clients", List.of(
        change(DmsOperation.INSERT, "bank", "clients", 10, 1, row("id", 3L, "name", "Cy"))));
    lake.curate();
    lake.land("bank_accounts", List.of(
        update("bank", "accounts", 20, 1, acct(3, "cy", "3.00", "EUR"), acct(30, "cy", "3.00", "EUR"))));
    lake.land("bank_clients", List.of(
        update("bank", "clients", 20, 1, row("id", 3L, "name", "Cy"), row("id", 30L, "name", "Cy"))));
    CurateReport report = lake.curate();

    Map<Long, Row> accounts = byId(lake, "bank_accounts");
    assertEquals(List.of(30L), List.copyOf(accounts.keySet()));
    assertEquals(new BigDecimal("3.00"), accounts.get(30L).getAs("balance"));
    TableReport a = report.table("bank_accounts").orElseThrow();
    assertEquals(1, a.rowsInserted());
    assertEquals(1, a.rowsDeleted());

    Map<Long, Row> clients = byId(lake, "bank_clients");
    assertTrue(clients.get(3L).<Boolean>getAs("_deleted"));
    assertFalse(clients.get(30L).<Boolean>getAs("_deleted"));
    assertEquals("Cy", clients.get(30L).getAs("name"));

    // A late update of the old key must not bring it back.
    lake.land("bank_accounts", List.of(
        update("bank", "accounts", 15, 1, acct(3, "cy", "3.00", "EUR"), acct(3, "cy", "3.50", "EUR"))));
    lake.curate();
    assertEquals(List.of(30L), List.copyOf(byId(lake, "bank_accounts").keySet()));
  }
}
