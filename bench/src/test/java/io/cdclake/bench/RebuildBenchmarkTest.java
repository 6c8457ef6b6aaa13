package io.cdclake.bench;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.PciConfig;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.synth.ChangeMix;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawView;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebuildBenchmarkTest {
  @TempDir
  Path dir;

  /**
   * A small case end to end: the grown load holds every key once, and the rebuild, the curate run and the Hudi
   * peer end with the same rows (the case itself fails when they do not).
   */
  @Test
  void aSmallRebuildGivesTheCurateRunsRowsBesideItsPeers() throws Exception {
    SparkSession spark = BenchSpark.get();
    BenchContext ctx = new BenchContext(spark, HashKey.resolve(new PciConfig("CDC_BENCH_PCI_HASH_KEY", true),
        Map.of()), dir, 5, ChangeMix.oltp());

    RebuildBenchmark.Result r = RebuildBenchmark.run(ctx, 30_000, 2_000, true);

    assertEquals(32_000, r.rawRows(), "the history: the whole load and the changes");
    Dataset<Row> loads = RawView.ofTable(spark.read().format("delta").load(dir.resolve("rebuild-30000/raw/changes")
            .toString()), lakeContract(dir))
        .where(col(RawColumns.OP).equalTo(DmsOperation.LOAD.wireName()));
    assertEquals(30_000, loads.count());
    assertEquals(30_000, loads.select(col(RawColumns.DATA).getItem(SyntheticTable.KEY)).distinct().count());
    assertTrue(r.rowsAfter() > 25_000 && r.rowsAfter() < 32_000, "rows after: " + r.rowsAfter());
    assertNotNull(r.hudiSeconds());
    assertTrue(r.vsWrite() > 0);
  }

  private static io.cdclake.common.config.TableContract lakeContract(Path dir) throws Exception {
    return new io.cdclake.common.config.ConfigLoader(Map.of())
        .loadEnvironment(dir.resolve("rebuild-30000/conf"), "bench")
        .table("bench", "rebuild_target").orElseThrow();
  }
}
