package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.curate.testing.TestLake;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Tables of one run are curated at the same time, each on a session of its own, and fail alone. */
class ConcurrentCurationTest {
  static final String ACCOUNTS = LatestStateCurationTest.HARD;
  static final String CLIENTS = LatestStateCurationTest.SOFT;

  static TestLake twoTables() {
    TestLake lake = TestLake.create(ACCOUNTS, CLIENTS);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, LatestStateCurationTest.acct(1, "ada", "1.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 10, 2, LatestStateCurationTest.acct(2, "bob", "2.00",
            "USD"))));
    lake.land("bank_clients", List.of(
        change(DmsOperation.INSERT, "bank", "clients", 10, 1,
            io.cdclake.curate.testing.Dms.row("id", 7L, "name", "cy", "city", "Oslo"))));
    return lake;
  }

  @Test
  void tablesOfOneRunAreCuratedAtTheSameTime() {
    TestLake lake = twoTables();
    // Each table's first merge waits for the other table's: a run that curates one table after the other
    // never gets both to this point and fails both on the barrier's timeout.
    CyclicBarrier bothMerged = new CyclicBarrier(2);
    BatchObserver meet = (table, batchId, counts) -> {
      try {
        bothMerged.await(90, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the other table's merge did not run meanwhile", e);
      }
    };

    CurateReport report = lake.curate(CurateOptions.defaults().withParallelism(2).withObserver(meet));

    assertFalse(report.hasFailures(), report.summary());
    assertEquals(List.of("bank_accounts", "bank_clients"),
        report.tables().stream().map(TableReport::curatedTable).toList(), "the report keeps contract order");
    assertEquals(2, lake.table("bank_accounts").count());
    assertEquals(1, lake.table("bank_clients").count());
  }

  @Test
  void aFailingTableDoesNotStopTheOthersAndTheReportNamesIt() {
    TestLake lake = twoTables();
    BatchObserver failAccounts = (table, batchId, counts) -> {
      if (table.curatedTable().equals("bank_accounts")) {
        throw new IllegalStateException("simulated failure of one table");
      }
    };

    CurateReport report = lake.curate(CurateOptions.defaults().withParallelism(2).withObserver(failAccounts));

    assertTrue(report.hasFailures());
    assertEquals(TableReport.Status.FAILED, report.table("bank_accounts").orElseThrow().status());
    assertEquals(TableReport.Status.OK, report.table("bank_clients").orElseThrow().status());
    assertEquals(1, lake.table("bank_clients").count());
    assertTrue(report.summary().contains("simulated failure of one table"), report.summary());
  }

  @Test
  void parallelismIsAtLeastOne() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> CurateOptions.defaults().withParallelism(0));
    assertTrue(e.getMessage().contains("parallelism"), e.getMessage());
  }
}
