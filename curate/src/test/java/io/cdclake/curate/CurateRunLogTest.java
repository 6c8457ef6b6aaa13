package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.curate.runlog.CurateRunLog;
import io.cdclake.curate.testing.Dms;
import io.cdclake.curate.testing.TestLake;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CurateRunLogTest {
  @Test
  void everyRunAppendsOneRowPerTableWithItsOutcomeAndFreshness() {
    TestLake lake = TestLake.create(LatestStateCurationTest.HARD, LatestStateCurationTest.SOFT);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, LatestStateCurationTest.acct(1, "Ada", "1.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 20, 1, LatestStateCurationTest.acct(2, "Bo", "2.00", "EUR"))));
    lake.curate();
    lake.curate(); // nothing new: still a row per table, so the status tells a quiet run from no run

    List<Row> rows = lake.spark.read().format("delta").load(CurateRunLog.path(lake.paths()))
        .orderBy(CurateRunLog.RUN_STARTED, CurateRunLog.TABLE).collectAsList();
    assertEquals(4, rows.size(), rows.toString());
    Row first = rows.stream().filter(r -> r.<String>getAs(CurateRunLog.TABLE).equals("bank_accounts")).findFirst()
        .orElseThrow();
    assertEquals("OK", first.getAs(CurateRunLog.STATUS));
    assertEquals(2L, (long) first.<Long>getAs(CurateRunLog.RAW_CHANGES));
    assertEquals(2L, (long) first.<Long>getAs(CurateRunLog.INSERTED));
    assertEquals(Timestamp.from(Dms.at(20)), first.getAs(CurateRunLog.NEWEST_SOURCE_CHANGE));
    assertTrue(first.<Double>getAs(CurateRunLog.FRESHNESS_SECONDS) > 0);
    long runs = rows.stream().map(r -> r.<String>getAs(CurateRunLog.RUN_ID)).distinct().count();
    assertEquals(2, runs, "one run id per run");
    Row quiet = rows.get(3);
    assertEquals(0L, (long) quiet.<Long>getAs(CurateRunLog.RAW_CHANGES));
    assertTrue(quiet.isNullAt(quiet.fieldIndex(CurateRunLog.NEWEST_SOURCE_CHANGE)));
  }
}
