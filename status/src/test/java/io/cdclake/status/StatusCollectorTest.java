package io.cdclake.status;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.curate.TableReport;
import io.cdclake.curate.merge.MergeCounts;
import io.cdclake.curate.runlog.CurateRunLog;
import io.cdclake.curate.table.ReadMode;
import io.cdclake.curate.testing.Dms;
import io.cdclake.curate.testing.TestLake;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class StatusCollectorTest {
  static final String ACCOUNTS = """
      {
        "source": { "schema": "bank", "table": "accounts" },
        "primaryKey": ["id"],
        "curated": { "table": "bank_accounts", "deleteMode": "hard" },
        "columns": [
          { "name": "id", "type": "bigint" },
          { "name": "owner", "type": "string" }
        ]
      }
      """;
  static final String LEDGER = """
      {
        "source": { "schema": "bank", "table": "ledger" },
        "primaryKey": ["id"],
        "curated": { "table": "bank_ledger" },
        "columns": [ { "name": "id", "type": "bigint" } ]
      }
      """;

  private static final StatusOptions FOREVER = StatusOptions.defaults()
      .withFreshnessObjective(Duration.ofDays(100_000));

  @Test
  void readsEveryTablesRowsFreshnessRunsAndQuarantineFromTheLake() {
    TestLake lake = TestLake.create(ACCOUNTS, LEDGER);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, row("id", 1L, "owner", "Ada")),
        change(DmsOperation.INSERT, "bank", "accounts", 20, 1, row("id", 2L, "owner", "Bo")),
        change(DmsOperation.INSERT, "bank", "accounts", 30, 1, row("id", 3L, "owner", "Cy"))));
    lake.curate();
    lake.land("bank_accounts", List.of(
        change(DmsOperation.DELETE, "bank", "accounts", 40, 1, row("id", 3L, "owner", "Cy"))));
    lake.curate();

    Instant now = Instant.now();
    LakeStatus status = new StatusCollector(lake.spark, lake.config(), FOREVER).collect(now);

    TableStatus accounts = table(status, "bank_accounts");
    assertEquals(Health.OK, accounts.health(), accounts.reason());
    assertEquals(2, accounts.rows());
    assertEquals(Optional.of(Dms.at(40)), accounts.newestSourceChange(), "the newest change applied: a delete");
    assertTrue(accounts.newestArrival().isPresent());
    assertEquals("OK", accounts.lastRun().orElseThrow().status());
    assertEquals(1, accounts.lastRun().orElseThrow().rawChanges());
    assertEquals(2, accounts.freshnessHistory().size(), "one point per run that applied changes");
    assertTrue(accounts.freshnessHistory().get(0).at().isBefore(accounts.freshnessHistory().get(1).at()),
        "oldest first");
    assertEquals(2, status.ingestBatches().size(), "one batch per landing");
    assertEquals(3, status.ingestBatches().get(0).rowsWritten());

    TableStatus ledger = table(status, "bank_ledger");
    assertEquals(Health.QUIET, ledger.health(), "created empty by its first run: " + ledger.reason());
    assertEquals(0, ledger.rows());

    // An hour on, with a one-hour objective, nothing ingested or curated since: both tables are stale.
    LakeStatus later = new StatusCollector(lake.spark, lake.config(),
        StatusOptions.defaults().withFreshnessObjective(Duration.ofMinutes(60))).collect(now.plusSeconds(3700));
    TableStatus stale = table(later, "bank_accounts");
    assertEquals(Health.STALE, stale.health());
    assertTrue(stale.reason().contains("no ingest batch for 1 h"), stale.reason());
  }

  @Test
  void heldChangesAndFailedRunsShowAsSuch() {
    TestLake lake = TestLake.create(ACCOUNTS, LEDGER);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, row("id", 1L, "owner", "Ada")),
        change(DmsOperation.INSERT, "bank", "accounts", 11, 2, row("id", null, "owner", "no key"))));
    lake.curate();
    Instant started = Instant.now();
    TableReport failed = new TableReport("bank_ledger", TableReport.Status.FAILED, 0, MergeCounts.NONE, 0, 0, 1,
        ReadMode.SYMLINK_MANIFEST, List.of("IllegalStateException: disk full"), Map.of(), Optional.empty(),
        Optional.empty());
    CurateRunLog.append(lake.spark, lake.paths(), CurateRunLog.rows("r2", started, started, List.of(failed)));

    LakeStatus status = new StatusCollector(lake.spark, lake.config(), FOREVER).collect(Instant.now());

    TableStatus accounts = table(status, "bank_accounts");
    assertEquals(Health.QUARANTINED, accounts.health(), accounts.reason());
    assertEquals(1, accounts.curateQuarantined());
    TableStatus ledger = table(status, "bank_ledger");
    assertEquals(Health.FAILING, ledger.health());
    assertTrue(ledger.reason().contains("disk full"), ledger.reason());
    assertEquals(Health.FAILING, status.tables().get(0).health(), "most serious first");
  }

  /**
   * The status reads a billion-row table as cheaply as a small one: Delta answers the row count from the file
   * statistics in its log, so the plan reads no data file.
   */
  @Test
  void aTablesRowCountComesFromItsLogNotItsFiles() {
    TestLake lake = TestLake.create(ACCOUNTS);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, row("id", 1L, "owner", "Ada"))));
    lake.curate();
    String plan = lake.table("bank_accounts")
        .agg(functions.count(functions.lit(1)))
        .queryExecution().executedPlan().toString();
    assertFalse(plan.contains("FileScan"), plan);
  }

  private static TableStatus table(LakeStatus status, String name) {
    return status.tables().stream().filter(t -> t.curatedTable().equals(name)).findFirst().orElseThrow();
  }
}
