package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.min;

import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.curate.testing.Dms;
import io.cdclake.curate.testing.TestLake;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A merge opens only the target files whose key statistics overlap the batch's keys. */
class PrunedMergeTest {
  static final String TABLE = "bank_clients";

  static List<DmsRecord> inserts(long from, long to, long commit) {
    List<DmsRecord> out = new ArrayList<>();
    for (long id = from; id <= to; id++) {
      out.add(change(DmsOperation.INSERT, "bank", "clients", commit, (int) id,
          Dms.row("id", id, "name", "n" + id, "city", "c" + id)));
    }
    return out;
  }

  /**
   * Deletes the data files (not their log entries) whose smallest key is at least {@code minKey}: any read that
   * opens one of them fails, so a run that succeeds afterwards provably never opened them.
   */
  static int deleteFilesFrom(TestLake lake, long minKey) throws IOException {
    // Every row of these tables is visible to a read (no deletion vectors), so a file's smallest key read from its
    // rows is the one its statistics record.
    List<Row> files = lake.table(TABLE).groupBy(input_file_name().as("file")).agg(min("id").as("min_id"))
        .where(col("min_id").geq(minKey)).select("file").collectAsList();
    for (Row f : files) {
      Files.delete(Path.of(URI.create(f.getString(0))));
    }
    return files.size();
  }

  static final String LATEST_SOFT = LatestStateCurationTest.SOFT;
  static final String SCD2_HARD = LatestStateCurationTest.SOFT.replace("\"deleteMode\": \"soft\"",
      "\"historyMode\": \"scd2\", \"deleteMode\": \"hard\"");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"latest", "scd2"})
  void aMergeNeverOpensTheFilesOutsideTheBatchsKeyRange(String mode) throws IOException {
    TestLake lake = TestLake.create(mode.equals("scd2") ? SCD2_HARD : LATEST_SOFT);
    assertEquals(mode.equals("scd2"), lake.contract(TABLE).historyMode() == HistoryMode.SCD2);
    // Three runs of inserts over disjoint key ranges: each run's files hold its own range only.
    lake.land(TABLE, inserts(1, 20, 10));
    lake.curate();
    lake.land(TABLE, inserts(101, 120, 20));
    lake.curate();
    lake.land(TABLE, inserts(201, 220, 30));
    lake.curate();
    assertTrue(deleteFilesFrom(lake, 101) > 0, "the later ranges have files of their own");

    lake.land(TABLE, List.of(
        update("bank", "clients", 40, 1, Dms.row("id", 5L, "name", "n5", "city", "c5"),
            Dms.row("id", 5L, "name", "n5", "city", "Lima")),
        update("bank", "clients", 40, 2, Dms.row("id", 7L, "name", "n7", "city", "c7"),
            Dms.row("id", 7L, "name", "n7", "city", "Quito"))));
    TableReport report = lake.curate().table(TABLE).orElseThrow();

    assertEquals(TableReport.Status.OK, report.status(), "a file outside keys 5..7 was opened: " + report.summary());
    assertEquals(List.of("Lima", "Quito"), lake.table(TABLE).where("id in (5, 7)")
        .where(mode.equals("scd2") ? "__is_current" : "true").orderBy("id")
        .select("city").collectAsList().stream().map(r -> r.getString(0)).toList());
  }
}
