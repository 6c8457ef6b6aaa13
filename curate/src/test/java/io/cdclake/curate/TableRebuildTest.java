package io.cdclake.curate;

import static io.cdclake.curate.LatestStateCurationTest.acct;
import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.curate.testing.Dms;
import io.cdclake.curate.testing.TestLake;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TableRebuildTest {
  /** id -> "owner balance" of the table's rows. */
  private static TreeMap<Long, String> rows(TestLake lake) {
    return lake.table("bank_accounts").collectAsList().stream().collect(Collectors.toMap(
        (Row r) -> r.<Long>getAs("id"), r -> r.getAs("owner") + " " + r.getAs("balance"), (a, b) -> a + "|" + b,
        TreeMap::new));
  }

  private static String all(TestLake lake) {
    return lake.table("bank_accounts").drop("_arrival_timestamp").orderBy("id").collectAsList().toString();
  }

  @Test
  void aRebuildGivesTheTableTheRunsBuiltAndTheNextRunReadsOnlyWhatIsNew() {
    TestLake lake = TestLake.create(LatestStateCurationTest.HARD);
    lake.land("bank_accounts", List.of(
        load("bank", "accounts", 0, acct(1, "Ada", "1.00", "EUR")),
        load("bank", "accounts", 0, acct(2, "Bo", "2.00", "EUR")),
        change(DmsOperation.UPDATE, "bank", "accounts", 20, 1, acct(1, "Ada", "5.00", "EUR"))));
    lake.curate();
    lake.land("bank_accounts", List.of(
        change(DmsOperation.UPDATE, "bank", "accounts", 10, 1, acct(1, "Ada", "3.00", "EUR")), // late
        change(DmsOperation.DELETE, "bank", "accounts", 30, 1, acct(2, "Bo", "2.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 40, 1, acct(3, "Cy", "7.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 40, 1, acct(3, "Cy", "7.00", "EUR")))); // duplicate
    lake.curate();
    String incremental = all(lake);

    TableRebuild.Result result = TableRebuild.run(lake.spark, lake.config(), lake.contract("bank_accounts"),
        Optional.empty());

    assertEquals(incremental, all(lake), "the one-pass rebuild builds the table the runs built");
    assertEquals(7, result.rawRows());
    assertEquals(2, result.rowsBefore());
    assertEquals(2, result.rowsAfter());

    // Deleted key 2 stays deleted against an older late insert: the rebuild kept the tombstones.
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 25, 1, acct(2, "Bo", "9.00", "EUR")),
        change(DmsOperation.UPDATE, "bank", "accounts", 50, 1, acct(3, "Cy", "8.00", "EUR"))));
    TableReport next = lake.curate().table("bank_accounts").orElseThrow();
    assertEquals(2, next.rawChangesRead(), "the stream went on after the rebuilt version, not from the start");
    assertEquals(new TreeMap<>(java.util.Map.of(1L, "Ada 5.00", 3L, "Cy 8.00")), rows(lake));
  }

  @Test
  void afterADmsReloadTheReloadsImageReplacesOlderChangesAndKeysItLacksGo() {
    TestLake lake = TestLake.create(LatestStateCurationTest.HARD);
    lake.land("bank_accounts", List.of(
        load("bank", "accounts", 0, acct(1, "Ada", "1.00", "EUR")),
        load("bank", "accounts", 0, acct(2, "Bo", "2.00", "EUR")),
        load("bank", "accounts", 0, acct(3, "Cy", "3.00", "EUR")),
        change(DmsOperation.UPDATE, "bank", "accounts", 10, 1, acct(1, "Ada", "10.00", "EUR"))));
    lake.curate();
    // The task lost changes (key 1 updated to 50.00 at t=50, key 3 deleted at t=60): then DMS reloads the table at
    // t=100 and captures a change made during the reload (t=110).
    lake.land("bank_accounts", List.of(
        load("bank", "accounts", 100, acct(1, "Ada", "50.00", "EUR")),
        load("bank", "accounts", 101, acct(2, "Bo", "2.00", "EUR")),
        change(DmsOperation.UPDATE, "bank", "accounts", 110, 1, acct(2, "Bo", "20.00", "EUR"))));
    lake.curate();
    assertEquals("Ada 10.00", rows(lake).get(1L), "the runs keep change data over any load image");
    assertTrue(rows(lake).containsKey(3L), "and nothing deletes a key the source lost while the task was down");

    TableRebuild.run(lake.spark, lake.config(), lake.contract("bank_accounts"),
        Optional.of(new TableRebuild.Reload(Dms.at(100), Duration.ofSeconds(30))));

    assertEquals(new TreeMap<>(java.util.Map.of(1L, "Ada 50.00", 2L, "Bo 20.00")), rows(lake));
  }

  @Test
  void anScd2TableRebuildsItsWholeHistoryInOnePass() {
    TestLake lake = TestLake.create(HistoryCurationTest.HARD);
    lake.land("shop_prices", List.of(
        change(DmsOperation.INSERT, "shop", "prices", 10, 1, Dms.row("sku", "a", "price", 1)),
        change(DmsOperation.UPDATE, "shop", "prices", 20, 1, Dms.row("sku", "a", "price", 2))));
    lake.curate();
    lake.land("shop_prices", List.of(
        change(DmsOperation.UPDATE, "shop", "prices", 15, 1, Dms.row("sku", "a", "price", 9)), // late: backfilled
        change(DmsOperation.DELETE, "shop", "prices", 30, 1, Dms.row("sku", "a", "price", 2)),
        change(DmsOperation.INSERT, "shop", "prices", 40, 1, Dms.row("sku", "a", "price", 3))));
    lake.curate();
    List<String> incremental = HistoryCurationTest.history(lake, "shop_prices", "a");

    TableRebuild.run(lake.spark, lake.config(), lake.contract("shop_prices"), Optional.empty());

    assertEquals(incremental, HistoryCurationTest.history(lake, "shop_prices", "a"));
    assertEquals(4, incremental.size(), incremental.toString());
  }

  @Test
  void anScd2TableRefusesAReloadRebuildSayingWhatToDo() {
    TestLake lake = TestLake.create(HistoryCurationTest.HARD);
    var contract = lake.config().tables().get(0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableRebuild.run(lake.spark,
        lake.config(), contract, Optional.of(new TableRebuild.Reload(Dms.at(100), Duration.ZERO))));
    assertTrue(e.getMessage().contains("without --reload-start"), e.getMessage());
  }
}
