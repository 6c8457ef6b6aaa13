package io.cdclake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.common.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's own measuring code on small Delta tables: raw- and curated-latency sampling and table growth.
 */
class LakeMeasuresTest {
  private static final StructType SCHEMA = new StructType()
      .add(SyntheticTable.KEY, DataTypes.LongType)
      .add("amount", DataTypes.createDecimalType(12, 2))
      .add("status", DataTypes.StringType)
      .add("counter", DataTypes.IntegerType)
      .add("updated_at", DataTypes.TimestampType)
      .add(ChangeSource.CREATED_AT_MS, DataTypes.LongType)
      .add("_cdc_sequence", DataTypes.StringType);

  private static Dataset<Row> rows(SparkSession spark, long... idAndCreated) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < idAndCreated.length; i += 2) {
      rows.add(RowFactory.create(idAndCreated[i], null, "new", 0, null, idAndCreated[i + 1], "seq"));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  @Test
  void curatedLatencyCountsEachRowStateOnceAtTheCommitThatFirstShowedIt() {
    SparkSession spark = BenchSpark.get();
    Path lakeDir = SharedSpark.newDir("bench-watch-");
    BenchTable table = BenchTable.of(new SyntheticTable("bench", "watched", 100), false);
    BenchLake lake = BenchLake.create(lakeDir, List.of(table), new IngestSource.Files(), 5, 1);
    String path = lake.curatedDir(table).toString();
    LakeMeasures.CuratedWatcher watcher = new LakeMeasures.CuratedWatcher(spark, lake);

    // Created just now, so the latencies are small enough for the histogram to hold them to the millisecond.
    long t0 = System.currentTimeMillis();
    rows(spark, 1, t0, 2, t0).write().format("delta").save(path);                       // v0: two rows
    watcher.observe();
    rows(spark, 1, t0, 2, t0 + 1, 3, t0 + 1).write().format("delta").mode("overwrite")
        .save(path);                                                                   // v1: row 2 changed, 3 new
    DeltaTable delta = DeltaTable.forPath(spark, path);
    delta.delete(col(SyntheticTable.KEY).equalTo(1));                                  // v2: a delete, no sample
    watcher.observe();

    Map<Long, Long> commitMs = new HashMap<>();
    delta.history().select("version", "timestamp").collectAsList()
        .forEach(r -> commitMs.put(r.getLong(0), r.getTimestamp(1).getTime()));
    Histogram h = watcher.histogram();
    assertEquals(4, h.getTotalCount(), "rows 1 and 2 at v0, then row 2's new state and row 3 at v1; row 1 only once");
    Map<Long, Long> expected = new HashMap<>();
    expected.merge(commitMs.get(0L) - t0, 2L, Long::sum);
    expected.merge(commitMs.get(1L) - t0 - 1, 2L, Long::sum);
    Histogram want = LakeMeasures.latencyHistogram();
    expected.forEach(want::recordValueWithCount);
    assertEquals(want.getValueAtPercentile(25), h.getValueAtPercentile(25));
    assertEquals(want.getValueAtPercentile(50), h.getValueAtPercentile(50));
    assertEquals(want.getValueAtPercentile(75), h.getValueAtPercentile(75));
    assertEquals(want.getMaxValue(), h.getMaxValue());
  }

  @Test
  void rawLatencyReadsTheRawDeltaTableThroughEachTablesTypedView() {
    SparkSession spark = BenchSpark.get();
    BenchTable a = BenchTable.of(new SyntheticTable("bench", "a", 100), false);
    BenchTable b = BenchTable.of(new SyntheticTable("bench", "b", 100), false);
    BenchLake lake = BenchLake.create(SharedSpark.newDir("bench-raw-latency-"), List.of(a, b),
        new IngestSource.Files(), 5, 1);
    StructType given = new StructType()
        .add(RawColumns.RECORD_TYPE, DataTypes.StringType)
        .add(RawColumns.SOURCE_TABLE, DataTypes.StringType)
        .add(RawColumns.INGEST_BATCH_ID, DataTypes.LongType)
        .add("created", DataTypes.StringType);
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create("data", "bench.a", 0L, "1000"),
        RowFactory.create("data", "bench.a", 1L, "2000"),
        RowFactory.create("data", "bench.b", 1L, "500"),
        RowFactory.create("data", "bench.b", 7L, "500"),       // a batch the probe did not see
        RowFactory.create("control", "_control", 1L, null)),   // control records carry no row
        given);
    List<Column> stored = new java.util.ArrayList<>();
    for (StructField f : RawSchema.stored().fields()) {
      Column c = switch (f.name()) {
        case RawColumns.RECORD_TYPE, RawColumns.SOURCE_TABLE, RawColumns.INGEST_BATCH_ID -> col(f.name());
        case RawColumns.DATA -> map(lit(SyntheticTable.KEY), lit("1"), lit(ChangeSource.CREATED_AT_MS),
            col("created"));
        case RawColumns.YEAR -> lit("2024");
        case RawColumns.MONTH, RawColumns.DAY -> lit("01");
        default -> lit(null);
      };
      stored.add(c.cast(f.dataType()).as(f.name()));
    }
    rows.select(stored.toArray(Column[]::new)).write().format("delta")
        .partitionBy(RawColumns.PARTITIONS.toArray(String[]::new)).save(lake.paths().rawChanges());

    Histogram h = LakeMeasures.rawLatency(spark, lake, Map.of(0L, 5_000L, 1L, 8_000L));

    Histogram want = LakeMeasures.latencyHistogram();
    Map.of(4_000L, 1L, 6_000L, 1L, 7_500L, 1L).forEach(want::recordValueWithCount);
    assertEquals(3, h.getTotalCount());
    assertEquals(want.getValueAtPercentile(1), h.getValueAtPercentile(1));
    assertEquals(want.getValueAtPercentile(50), h.getValueAtPercentile(50));
    assertEquals(want.getMaxValue(), h.getMaxValue());
    assertTrue(LakeMeasures.directoryBytes(lake.rawDir(a)) > 0, "a table's partition directory, for its size");
    assertTrue(LakeMeasures.directoryBytes(lake.rawChangesDir()) > LakeMeasures.directoryBytes(lake.rawDir(a)));
  }

  @Test
  void growFillsTheMissingKeysAndLeavesExistingRowsAlone() {
    SparkSession spark = BenchSpark.get();
    String path = SharedSpark.newDir("bench-grow-").resolve("t").toString();
    rows(spark, 2, 20, 5, 50, 7, 70).write().format("delta").save(path);

    MergeBenchmark.grow(spark, path, 12);

    Dataset<Row> table = spark.read().format("delta").load(path);
    assertEquals(12, table.count());
    List<Long> ids = table.select(SyntheticTable.KEY).orderBy(SyntheticTable.KEY).collectAsList().stream()
        .map(r -> r.getLong(0)).toList();
    assertEquals(java.util.stream.LongStream.rangeClosed(1, 12).boxed().toList(), ids);
    Map<Long, Long> created = table.select(SyntheticTable.KEY, ChangeSource.CREATED_AT_MS).collectAsList()
        .stream().collect(Collectors.toMap(r -> r.getLong(0), r -> r.getLong(1)));
    assertEquals(20L, created.get(2L));
    assertEquals(50L, created.get(5L));
    assertEquals(70L, created.get(7L));
    // New rows: metadata copied from a seed row, generator columns varied per key.
    List<Row> grown = table.where(col(SyntheticTable.KEY).isin(1L, 3L, 4L, 6L, 8L, 9L, 10L, 11L, 12L))
        .select("_cdc_sequence", "amount", "status", "updated_at").collectAsList();
    assertTrue(grown.stream().allMatch(r -> "seq".equals(r.getString(0))));
    assertTrue(grown.stream().map(r -> r.getDecimal(1)).distinct().count() > 5, "amounts vary per key");
    assertTrue(grown.stream().map(r -> r.getString(2)).distinct().count() > 2, "statuses vary per key");
    assertTrue(grown.stream().noneMatch(r -> r.isNullAt(3)));
  }
}
