package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.row;
import static io.cdclake.curate.testing.Dms.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.curate.maintenance.MaintenanceOptions;
import io.cdclake.curate.maintenance.MaintenanceReport;
import io.cdclake.curate.maintenance.TableMaintenance;
import io.cdclake.curate.testing.Dms;
import io.cdclake.curate.testing.TestLake;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryCurationTest {
  static final String HARD = """
      {
        "source": { "schema": "shop", "table": "prices" },
        "primaryKey": ["sku"],
        "curated": { "table": "shop_prices", "historyMode": "scd2", "deleteMode": "hard" },
        "columns": [ { "name": "sku", "type": "string" }, { "name": "price", "type": "int" } ]
      }
      """;
  static final String SOFT = HARD.replace("prices", "stock").replace("\"hard\"", "\"soft\"");

  /** A key's versions as "start..end=price", in start order, with the current one marked. */
  static List<String> history(TestLake lake, String table, String sku) {
    return lake.table(table).filter("sku = '" + sku + "'").orderBy("__start_at").collectAsList().stream()
        .map(r -> seconds(r.getAs("__start_at")) + ".." + (r.isNullAt(r.fieldIndex("__end_at")) ? ""
            : seconds(r.getAs("__end_at"))) + "=" + r.getAs("price")
            + (r.<Boolean>getAs("__is_current") ? " current" : "")
            + (r.schema().getFieldIndex("_deleted").isDefined() && r.<Boolean>getAs("_deleted") ? " deleted" : ""))
        .toList();
  }

  static double seconds(Timestamp t) {
    return (t.getTime() - Dms.T0.toEpochMilli()) / 1000.0;
  }


  @Test
  void keepsEveryVersionAndPlacesLateChangesInTheirHistory() {
    TestLake lake = TestLake.create(HARD);
    lake.land("shop_prices", List.of(
        update("shop", "prices", 20, 1, row("sku", "a", "price", 1), row("sku", "a", "price", 2)),
        change(DmsOperation.INSERT, "shop", "prices", 10, 1, row("sku", "a", "price", 1)),
        change(DmsOperation.INSERT, "shop", "prices", 10, 2, row("sku", "b", "price", 7))));
    TableReport first = lake.curate().table("shop_prices").orElseThrow();
    assertEquals(List.of("10.0..20.0=1", "20.0..=2 current"), history(lake, "shop_prices", "a"));
    assertEquals(3, first.rowsInserted());
    assertEquals(List.of("WRITE"), LatestStateCurationTest.dataCommits(lake, "shop_prices"),
        "a table the run created has no rows: its first batch is appended");

    lake.land("shop_prices", List.of(
        update("shop", "prices", 40, 1, row("sku", "a", "price", 2), row("sku", "a", "price", 4)),
        update("shop", "prices", 15, 1, row("sku", "a", "price", 1), row("sku", "a", "price", 15)),
        change(DmsOperation.DELETE, "shop", "prices", 30, 1, row("sku", "b", "price", 7)),
        // A redelivery of a change already in the table.
        update("shop", "prices", 20, 1, row("sku", "a", "price", 1), row("sku", "a", "price", 2))));
    TableReport second = lake.curate().table("shop_prices").orElseThrow();
    assertEquals(List.of("10.0..15.0=1", "15.0..20.0=15", "20.0..40.0=2", "40.0..=4 current"),
        history(lake, "shop_prices", "a"));
    assertEquals(List.of("10.0..30.0=7"), history(lake, "shop_prices", "b"), "a hard delete closes the key");
    assertEquals(2, second.rowsInserted());
    assertEquals(3, second.rowsUpdated(), "three versions got a new end");
    assertEquals(1, second.rowsDeleted());
    assertEquals(1, second.counts().lateBackfilled());
    assertEquals(1, second.counts().alreadyApplied());
    assertEquals(List.of("WRITE", "MERGE"), LatestStateCurationTest.dataCommits(lake, "shop_prices"));

    // Late news about the deleted key lands inside its history, and it stays deleted.
    lake.land("shop_prices", List.of(
        update("shop", "prices", 25, 1, row("sku", "b", "price", 7), row("sku", "b", "price", 8))));
    lake.curate();
    assertEquals(List.of("10.0..25.0=7", "25.0..30.0=8"), history(lake, "shop_prices", "b"));
  }

  @Test
  void pruningTombstonesNeverRewritesTheHistoryOfADeletedKey() {
    TestLake lake = TestLake.create(HARD);
    lake.land("shop_prices", List.of(
        change(DmsOperation.INSERT, "shop", "prices", 10, 1, row("sku", "a", "price", 1)),
        change(DmsOperation.DELETE, "shop", "prices", 30, 1, row("sku", "a", "price", 1))));
    lake.curate();
    assertEquals(List.of("10.0..30.0=1"), history(lake, "shop_prices", "a"));

    // Every tombstone is older than a zero retention.
    MaintenanceReport maintained = TableMaintenance.run(lake.spark, lake.config(), MaintenanceOptions.defaults()
        .withTombstoneRetentionHours(0));
    assertFalse(maintained.hasFailures(), maintained.summary());

    // The key comes back after its delete, and late news from before the delete arrives.
    lake.land("shop_prices", List.of(
        change(DmsOperation.INSERT, "shop", "prices", 50, 1, row("sku", "a", "price", 5)),
        update("shop", "prices", 20, 1, row("sku", "a", "price", 1), row("sku", "a", "price", 2))));
    lake.curate();
    assertEquals(List.of("10.0..20.0=1", "20.0..30.0=2", "50.0..=5 current"), history(lake, "shop_prices", "a"),
        "the delete still ends the key's old life at 30, and the late update is history, not current");
  }

  /**
   * Every full-load record sorts before every change (docs/curate.md, rule 1), but a load version starts at its
   * DMS read time: an image read after a change of its key (a reload, a load overlapping CDC, or a DMS clock ahead
   * of the source's) cannot be placed in the key's history. It must not become a version that ends before it
   * starts; images of keys without earlier changes stay versions.
   */
  @Test
  void aLoadImageReadAfterAChangeOfItsKeyIsNoVersionBeforeThatChange() {
    TestLake lake = TestLake.create(HARD);
    lake.land("shop_prices", List.of(
        Dms.load("shop", "prices", 5, row("sku", "c", "price", 3)),
        Dms.load("shop", "prices", 5, row("sku", "d", "price", 30)),
        change(DmsOperation.INSERT, "shop", "prices", 10, 1, row("sku", "a", "price", 1)),
        update("shop", "prices", 20, 1, row("sku", "a", "price", 1), row("sku", "a", "price", 2))));
    lake.curate();
    // DMS reloads the table at t=100: images of a (which has change history), c and d (loaded only).
    lake.land("shop_prices", List.of(
        Dms.load("shop", "prices", 100, row("sku", "a", "price", 9)),
        Dms.load("shop", "prices", 101, row("sku", "c", "price", 4)),
        Dms.load("shop", "prices", 102, row("sku", "d", "price", 31))));
    TableReport reloaded = lake.curate().table("shop_prices").orElseThrow();
    assertEquals(List.of("10.0..20.0=1", "20.0..=2 current"), history(lake, "shop_prices", "a"),
        "the image of a key with change history is outranked by it, as in a latest-state table");
    assertEquals(List.of("5.0..101.0=3", "101.0..=4 current"), history(lake, "shop_prices", "c"));
    assertEquals(List.of("5.0..102.0=30", "102.0..=31 current"), history(lake, "shop_prices", "d"));
    assertEquals(1, reloaded.counts().lateIgnored(), reloaded.toString());

    // A change of d committed at t=50 arrives late: d's reload image (read at 102) is now after a change, so it
    // leaves d's history, and the first load's version ends at the change.
    lake.land("shop_prices", List.of(
        update("shop", "prices", 50, 1, row("sku", "d", "price", 30), row("sku", "d", "price", 35))));
    lake.curate();
    assertEquals(List.of("5.0..50.0=30", "50.0..=35 current"), history(lake, "shop_prices", "d"));
    assertEquals(0, lake.table("shop_prices").filter("__end_at < __start_at").count(),
        "no version ends before it starts");
  }

  /** {@code r} with the source's change sequence, as a DMS task with the AR_H_CHANGE_SEQ rule sends it. */
  static DmsRecord withChangeSeq(DmsRecord r, String changeSeq, double dmsSeconds) {
    Map<String, Object> data = new LinkedHashMap<>(r.data());
    data.put(RawColumns.CHANGE_SEQ_HEADER, changeSeq);
    return new DmsRecord(data, r.beforeImage(), r.recordType(), r.operation(), r.schemaName(), r.tableName(),
        Dms.at(dmsSeconds), r.transaction());
  }

  @Test
  void aResendAfterADmsRestartIsNoNewVersion() {
    TestLake lake = TestLake.create(HARD);
    DmsRecord insert = withChangeSeq(change(DmsOperation.INSERT, "shop", "prices", 10, 1, row("sku", "a",
        "price", 1)), "20240301090010000000000000000000001", 10);
    DmsRecord raise = withChangeSeq(update("shop", "prices", 20, 1, row("sku", "a", "price", 1),
        row("sku", "a", "price", 2)), "20240301090020000000000000000000002", 20);
    lake.land("shop_prices", List.of(insert, raise));
    lake.curate();
    // The task restarted and sent the update again, stamped with its own (new) time.
    lake.land("shop_prices", List.of(withChangeSeq(update("shop", "prices", 20, 1, row("sku", "a", "price", 1),
        row("sku", "a", "price", 2)), "20240301090020000000000000000000002", 900)));
    TableReport resent = lake.curate().table("shop_prices").orElseThrow();
    assertEquals(List.of("10.0..20.0=1", "20.0..=2 current"), history(lake, "shop_prices", "a"));
    assertEquals(1, resent.counts().alreadyApplied(), resent.toString());
    assertEquals(0, resent.rowsInserted());
  }

  @Test
  void softDeleteIsAVersionOfItsOwnAndAKeyChangeEndsTheOldKey() {
    TestLake lake = TestLake.create(SOFT);
    lake.land("shop_stock", List.of(
        change(DmsOperation.INSERT, "shop", "stock", 10, 1, row("sku", "a", "price", 1)),
        change(DmsOperation.DELETE, "shop", "stock", 20, 1, row("sku", "a")),
        change(DmsOperation.INSERT, "shop", "stock", 10, 2, row("sku", "b", "price", 5)),
        update("shop", "stock", 30, 1, row("sku", "b", "price", 5), row("sku", "c", "price", 6))));
    lake.curate();
    assertEquals(List.of("10.0..20.0=1", "20.0..=1 current deleted"), history(lake, "shop_stock", "a"),
        "the tombstone version keeps the last known values");
    assertEquals(List.of("10.0..30.0=5", "30.0..=5 current deleted"), history(lake, "shop_stock", "b"));
    assertEquals(List.of("30.0..=6 current"), history(lake, "shop_stock", "c"));
  }

  /**
   * Found by RandomizedCurationTest with key-only deletes (seed 1003): a key-only delete version kept the values
   * it was first written with, so a change before it that arrived later did not show in it.
   */
  @Test
  void aKeyOnlyDeleteVersionShowsTheValuesBeforeItEvenWhenTheyArriveLater() {
    TestLake lake = TestLake.create(SOFT);
    lake.land("shop_stock", List.of(
        change(DmsOperation.DELETE, "shop", "stock", 20, 1, row("sku", "a")),
        change(DmsOperation.INSERT, "shop", "stock", 10, 2, row("sku", "b", "price", 5)),
        change(DmsOperation.DELETE, "shop", "stock", 30, 2, row("sku", "b")),
        // Deleted twice: the insert between the deletes has not arrived yet.
        change(DmsOperation.INSERT, "shop", "stock", 10, 3, row("sku", "c", "price", 3)),
        change(DmsOperation.DELETE, "shop", "stock", 20, 3, row("sku", "c")),
        change(DmsOperation.DELETE, "shop", "stock", 30, 3, row("sku", "c"))));
    lake.curate();
    assertEquals(List.of("10.0..20.0=3", "20.0..30.0=3 deleted", "30.0..=3 current deleted"),
        history(lake, "shop_stock", "c"), "a key-only delete after a key-only delete shows the same values");
    lake.land("shop_stock", List.of(
        change(DmsOperation.INSERT, "shop", "stock", 10, 1, row("sku", "a", "price", 1)),
        update("shop", "stock", 20, 2, row("sku", "b"), row("sku", "b", "price", 7)),
        change(DmsOperation.INSERT, "shop", "stock", 25, 3, row("sku", "c", "price", 4))));
    lake.curate();
    assertEquals(List.of("10.0..20.0=1", "20.0..=1 current deleted"), history(lake, "shop_stock", "a"));
    assertEquals(List.of("10.0..20.0=5", "20.0..30.0=7", "30.0..=7 current deleted"),
        history(lake, "shop_stock", "b"));
    assertEquals(List.of("10.0..20.0=3", "20.0..25.0=3 deleted", "25.0..30.0=4", "30.0..=4 current deleted"),
        history(lake, "shop_stock", "c"));
  }
}
