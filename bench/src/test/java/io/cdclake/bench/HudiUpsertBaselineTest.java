package io.cdclake.bench;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.common.config.PciConfig;
import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.dms.synth.ChangeMix;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.curate.CurateOptions;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The Hudi peer on a tiny table: after the upsert both Hudi tables hold exactly what curate made of the same
 * changes, including keys whose changes arrive out of source order.
 */
class HudiUpsertBaselineTest {
  private static final String SCHEMA = "bench";
  private static final String TABLE = "hudi_target";
  private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
  /** Well after every generated change, so these are each key's newest. */
  private static final Instant T = START.plus(Duration.ofDays(1));

  @Test
  void upsertEndsWithTheCuratedRowsAndEachKeysNewestChange() throws Exception {
    SparkSession spark = BenchSpark.get();
    Path dir = SharedSpark.newDir("bench-hudi-");
    SyntheticTable synthetic = new SyntheticTable(SCHEMA, TABLE, 1000);
    BenchTable table = BenchTable.of(synthetic, false);
    BenchLake lake = BenchLake.create(dir.resolve("lake"), List.of(table), new IngestSource.Files(), 30, 1000);
    BenchContext ctx = new BenchContext(spark, HashKey.resolve(new PciConfig("CDC_BENCH_PCI_HASH_KEY", true),
        Map.of()), dir, 11, ChangeMix.oltp());
    ChangeSource source = new ChangeSource(List.of(new TableLoad(synthetic, 1, 1000)), ChangeMix.oltp(), 11, START,
        PartitionKeyMode.PRIMARY_KEY);
    RecordFiles.write(lake.input(), source, 1000, 50_000);
    lake.ingest(ctx, 1000);
    lake.curate(ctx, CurateOptions.defaults());
    String curated = lake.curatedDir(table).toString();
    long seedBatch = MergeBenchmark.lastIngestBatch(spark, lake);

    // 90 generated changes (updates, deletes, key changes, duplicates), then 10 written by hand in an order
    // that is not their source order.
    RecordFiles.write(lake.input(), source, 90, 50_000);
    List<DmsRecord> outOfOrder = List.of(
        // Key 500: five changes, the newest first in the file. Its two newest share a commit time and differ
        // only in their place in the transaction; the newest has the lowest counter and amount.
        update(500, T.plusSeconds(2), 2, "settled", 1, "1.00"),
        update(500, T.plusSeconds(2), 1, "voided", 9, "9.00"),
        update(500, T.plusSeconds(1), 1, "refunded", 8, "8.00"),
        update(500, T.plusSeconds(1), 1, "refunded", 8, "8.00"),
        update(500, T, 1, "authorized", 7, "7.00"),
        // Key 600 deleted, then inserted again: the insert is newer but comes first.
        change(DmsOperation.INSERT, row(600, "new", 0, "6.00"), T.plusSeconds(2), 1),
        change(DmsOperation.DELETE, row(600, "voided", 3, "3.00"), T.plusSeconds(1), 1),
        // Key 700 updated, then deleted: the delete is newer but comes first.
        change(DmsOperation.DELETE, row(700, "settled", 4, "4.00"), T.plusSeconds(2), 1),
        update(700, T.plusSeconds(1), 1, "settled", 4, "4.00"),
        // Key 800 becomes key 5000.
        change(DmsOperation.UPDATE, row(5000, "settled", 2, "2.00"), T.plusSeconds(1), 2)
            .withBeforeImage(row(800, "new", 1, "1.50")));
    Files.write(lake.input().resolve("dms-zz-out-of-order.jsonl"), outOfOrder.stream().map(DmsJson::toJson)
        .toList());
    lake.ingest(ctx, 100);

    Dataset<Row> starting = spark.read().format("delta").load(curated);
    assertEquals(1000, starting.count());
    HudiUpsertBaseline.Result hudi = HudiUpsertBaseline.run(spark, starting, lake.paths().rawChanges(),
        lake.contract(table), seedBatch, dir.resolve("hudi"));
    lake.curate(ctx, CurateOptions.defaults());
    Dataset<Row> after = spark.read().format("delta").load(curated);
    long rows = after.count();

    assertEquals(rows, hudi.cowRows(), "copy-on-write rows");
    assertEquals(rows, hudi.morRows(), "merge-on-read rows");
    assertNotEquals(1000, rows, "the changes deleted and re-keyed rows; a count that cannot move proves nothing");
    assertTrue(hudi.cowSeconds() > 0 && hudi.morSeconds() > 0);
    MergeBenchmark.checkSameRows("tiny", rows, hudi);

    Column[] columns = Arrays.stream(after.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    for (HudiUpsertBaseline.TableType type : HudiUpsertBaseline.TableType.values()) {
      String path = HudiUpsertBaseline.Table.of(lake.contract(table), type, dir.resolve("hudi")).path();
      Dataset<Row> h = spark.read().format("hudi").load(path).select(columns);
      assertEquals(0, h.exceptAll(after).count(), type + " has rows the curated table does not");
      assertEquals(0, after.exceptAll(h).count(), type + " lacks rows the curated table has");

      Row k500 = h.where(col("id").equalTo(500)).select("status", "counter", "amount").first();
      assertEquals("settled", k500.getString(0), type + ": key 500 holds its newest change");
      assertEquals(1, k500.getInt(1));
      assertEquals(0, new BigDecimal("1.00").compareTo(k500.getDecimal(2)));
      assertEquals("new", h.where(col("id").equalTo(600)).select("status").first().getString(0),
          type + ": key 600 inserted again");
      assertEquals(0, h.where(col("id").isin(700, 800)).count(), type + ": deleted and re-keyed keys are gone");
      assertEquals(1, h.where(col("id").equalTo(5000)).count(), type + ": the new key is there");
    }
  }

  @Test
  void aHudiTableWithOtherRowsThanTheCuratedOneFailsTheCase() {
    HudiUpsertBaseline.Result differs = new HudiUpsertBaseline.Result(1.0, 1.0, 999, 1000);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MergeBenchmark.checkSameRows("merge-1000-cow", 1000, differs));
    assertTrue(e.getMessage().contains("curated table has 1000 rows but the Hudi copy-on-write table 999"),
        e.getMessage());
    MergeBenchmark.checkSameRows("merge-1000-cow", 1000, new HudiUpsertBaseline.Result(1.0, 1.0, 1000, 1000));
  }

  private static DmsRecord update(long id, Instant commit, long recordId, String status, int counter,
      String amount) {
    return change(DmsOperation.UPDATE, row(id, status, counter, amount), commit, recordId);
  }

  private static DmsRecord change(DmsOperation op, Map<String, Object> row, Instant commit, long recordId) {
    return DmsRecord.data(op, SCHEMA, TABLE, commit, row).withTransaction(new DmsRecord.Transaction(
        "tx-" + commit.getEpochSecond(), Optional.empty(), recordId, commit, Optional.of("0/" + recordId)));
  }

  /**
   * A row image. {@code updated_at} grows with the counter, and key 500's newest change has the lowest counter,
   * so no data column orders its changes: only the source order does.
   */
  private static Map<String, Object> row(long id, String status, int counter, String amount) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(SyntheticTable.KEY, id);
    r.put("amount", amount);
    r.put("status", status);
    r.put("counter", counter);
    r.put("updated_at", "2024-01-" + (10 + counter) + " 00:00:00.000000");
    r.put(ChangeSource.CREATED_AT_MS, 1_700_000_000_000L + counter);
    return r;
  }
}
