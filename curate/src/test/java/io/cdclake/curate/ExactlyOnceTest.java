package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.curate.merge.IdempotentTxn;
import io.cdclake.curate.testing.TestLake;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ExactlyOnceTest {
  static final String TABLE = "bank_accounts";

  static final List<DmsRecord> FIRST = List.of(
      change(DmsOperation.INSERT, "bank", "accounts", 10, 1, LatestStateCurationTest.acct(1, "ada", "1.00", "EUR")),
      change(DmsOperation.INSERT, "bank", "accounts", 10, 2, LatestStateCurationTest.acct(2, "bob", "2.00", "EUR")),
      change(DmsOperation.INSERT, "bank", "accounts", 10, 3, LatestStateCurationTest.acct(3, "cy", "3.00", "USD")));
  static final List<DmsRecord> SECOND = List.of(
      update("bank", "accounts", 20, 1, LatestStateCurationTest.acct(1, "ada", "1.00", "EUR"),
          LatestStateCurationTest.acct(1, "ada", "1.50", "EUR")),
      change(DmsOperation.DELETE, "bank", "accounts", 20, 2, LatestStateCurationTest.acct(2, "bob", "2.00", "EUR")),
      change(DmsOperation.INSERT, "bank", "accounts", 20, 3, LatestStateCurationTest.acct(4, "di", "4.00", "USD")));

  static Set<String> contents(TestLake lake) {
    return lake.table(TABLE).drop("_arrival_timestamp").collectAsList().stream().map(Row::toString)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aRunThatDiesAfterTheMergeCommitIsReplayedWithoutChangingAnything() {
    TestLake reference = TestLake.create(LatestStateCurationTest.HARD);
    reference.land(TABLE, FIRST);
    reference.land(TABLE, SECOND);
    reference.curate(CurateOptions.defaults().withMaxFilesPerBatch(1));

    TestLake lake = TestLake.create(LatestStateCurationTest.HARD);
    lake.land(TABLE, FIRST);
    lake.land(TABLE, SECOND);
    BatchObserver crashAfterSecondMerge = (table, batchId, counts) -> {
      if (batchId == 1) {
        throw new IllegalStateException("simulated crash before the checkpoint commit");
      }
    };
    CurateReport crashed = lake.curate(CurateOptions.defaults().withMaxFilesPerBatch(1)
        .withObserver(crashAfterSecondMerge));
    TableReport failed = crashed.table(TABLE).orElseThrow();
    assertEquals(TableReport.Status.FAILED, failed.status());
    assertTrue(crashed.hasFailures());
    assertTrue(failed.messages().get(0).contains("simulated crash"), failed.messages().toString());
    assertEquals(contents(reference), contents(lake), "the second batch's merge committed before the crash");
    long versionAfterCrash = lake.version(TABLE);

    TableReport replay = lake.curate().table(TABLE).orElseThrow();
    assertEquals(TableReport.Status.OK, replay.status());
    assertEquals(3, replay.rawChangesRead(), "the unfinished batch is read again, and only it");
    assertEquals(3, replay.counts().alreadyApplied());
    assertEquals(0, replay.rowsInserted() + replay.rowsUpdated() + replay.rowsDeleted());
    assertEquals(versionAfterCrash, replay.deltaVersion(), "the replay commits nothing");
    assertEquals(contents(reference), contents(lake));

    TableReport idle = lake.curate().table(TABLE).orElseThrow();
    assertEquals(0, idle.rawChangesRead());
    assertEquals(versionAfterCrash, idle.deltaVersion());
  }

  @Test
  void deltaSkipsADmlStatementReplayedUnderTheSameTransactionMarker() {
    TestLake lake = TestLake.create(LatestStateCurationTest.HARD);
    String path = lake.dir.resolve("marker-table").toString();
    lake.spark.range(3).write().format("delta").save(path);
    IdempotentTxn txn = new IdempotentTxn("test-app", 5);
    Runnable bump = () -> lake.spark.sql("UPDATE delta.`" + path + "` SET id = id + 10");
    txn.around(lake.spark, () -> {
      bump.run();
      return null;
    });
    txn.around(lake.spark, () -> {
      bump.run();
      return null;
    });
    new IdempotentTxn("test-app", 4).around(lake.spark, () -> {
      bump.run();
      return null;
    });
    assertEquals(List.of(10L, 11L, 12L), lake.spark.read().format("delta").load(path).orderBy("id")
        .collectAsList().stream().map(r -> r.getLong(0)).toList());
    bump.run();
    assertEquals(20L, lake.spark.read().format("delta").load(path).orderBy("id").first().getLong(0),
        "outside the marker, statements run normally");
  }
}
