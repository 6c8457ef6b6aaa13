package io.cdclake.bench;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.FillerColumns;
import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.bench.report.ResultTable;
import io.cdclake.common.dms.synth.ChangeMix;
import io.cdclake.common.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The tables case's arithmetic and its baseline job; nothing here is timed. */
class TablesBenchmarkTest {
  private static final TablesBenchmark.Settings SETTINGS =
      new TablesBenchmark.Settings(List.of(1, 50), 20, 1_000, 4, 2);

  private static List<IngestProbe.Batch> batches(long records, long... durationsMs) {
    List<IngestProbe.Batch> out = new java.util.ArrayList<>();
    for (int i = 0; i < durationsMs.length; i++) {
      out.add(new IngestProbe.Batch(i, durationsMs[i], records));
    }
    return out;
  }

  @Test
  void theFirstBatchIsLeftOutOfMedianAndThroughput() {
    List<IngestProbe.Batch> odd = batches(100, 9_000, 1_000, 3_000, 2_000);
    assertEquals(2.0, TablesBenchmark.medianSeconds(odd), 1e-9);
    assertEquals(300 / 6.0, TablesBenchmark.recordsPerSecond(odd), 1e-9);
    assertEquals(1.5, TablesBenchmark.medianSeconds(batches(100, 9_000, 1_000, 2_000)), 1e-9, "even: mean of two");
    assertEquals(9.0, TablesBenchmark.medianSeconds(batches(100, 9_000)), 1e-9, "a single batch counts");
    assertTrue(Double.isNaN(TablesBenchmark.medianSeconds(List.of())));
  }

  @Test
  void rowsCompareOursWithTheBaselineAndWithTheOneTableCase() {
    TablesBenchmark.Result one = new TablesBenchmark.Result(1, batches(1_000, 5_000, 2_000, 2_000, 2_000),
        batches(1_000, 3_000, 1_000, 1_000, 1_000), 8, 6, 400_000, 300_000);
    TablesBenchmark.Result fifty = new TablesBenchmark.Result(50, batches(1_000, 6_000, 3_000, 3_000, 3_000),
        batches(1_000, 9_000, 4_000, 4_000, 4_000), 60, 300, 800_000, 1_200_000);
    ResultTable t = TablesBenchmark.table(List.of(one, fifty), SETTINGS);

    assertEquals(List.of("1 table", "50 tables"), t.labels());
    assertEquals(50, t.value("50 tables", "tables"));
    assertEquals(3.0, (Double) t.value("50 tables", "our median batch"), 1e-9);
    assertEquals(4.0, (Double) t.value("50 tables", "baseline median batch"), 1e-9);
    assertEquals(1_000.0, (Double) t.value("1 table", "baseline throughput"), 1e-9);
    assertEquals(500.0, (Double) t.value("1 table", "our throughput"), 1e-9);
    assertEquals(0.5, (Double) t.value("1 table", "throughput ours/baseline"), 1e-9);
    assertEquals(4.0 / 3, (Double) t.value("50 tables", "throughput ours/baseline"), 1e-9);
    assertEquals(1.5, (Double) t.value("50 tables", "our batch vs 1 table"), 1e-9);
    assertEquals(4.0, (Double) t.value("50 tables", "baseline batch vs 1 table"), 1e-9);
    assertEquals(1.0, (Double) t.value("1 table", "our batch vs 1 table"), 1e-9);
    assertEquals(300L, t.value("50 tables", "baseline data files"));
    assertEquals(200.0, (Double) t.value("50 tables", "raw bytes/record"), 1e-9);
    assertTrue(t.render().contains("4 micro-batches of 1,000 records (2 files of 500)"), t.render());
  }

  @Test
  void withoutTheOneTableCaseThereIsNoRatioToIt() {
    TablesBenchmark.Result fifty = new TablesBenchmark.Result(50, batches(10, 1, 1), batches(10, 1, 1), 1, 1, 1, 1);
    ResultTable t = TablesBenchmark.table(List.of(fifty), SETTINGS);
    assertNull(t.value("50 tables", "our batch vs 1 table"));
    assertNull(t.value("50 tables", "baseline batch vs 1 table"));
  }

  @Test
  void baselineBatchesTakeTheFilesInWriteOrder() {
    List<String> files = List.of("a1", "a2", "a3", "a4", "a5");
    assertEquals(List.of(List.of("a1", "a2"), List.of("a3", "a4"), List.of("a5")),
        TablesBenchmark.batchFiles(files, 2));
  }

  @Test
  void baselineWritesTheRecordsPartitionedBySchemaTableAndDay() throws Exception {
    SparkSession spark = BenchSpark.get();
    Path dir = SharedSpark.newDir("bench-baseline-");
    List<TableLoad> loads = TableLoad.parseList("bench.a:100,bench.b:100,bench.c:100");
    FillerColumns filler = FillerColumns.toWidth(10);
    ChangeSource source = new ChangeSource(loads, ChangeMix.oltp(), 3, Instant.parse("2024-03-01T10:00:00Z"),
        PartitionKeyMode.PRIMARY_KEY, filler);
    RecordFiles.write(dir.resolve("in"), source, 60, 20);
    List<String> files = TablesBenchmark.inputFiles(dir.resolve("in"));
    assertEquals(3, files.size());
    String out = dir.resolve("out").toString();
    for (List<String> group : TablesBenchmark.batchFiles(files, 2)) {
      TablesBenchmark.appendBaseline(spark, group, out);
    }

    Dataset<Row> written = spark.read().parquet(out);
    assertEquals(60, written.count());
    assertEquals(List.of("a", "b", "c"), written.select("table").distinct().orderBy("table").collectAsList().stream()
        .map(r -> r.get(0).toString()).toList());
    Row first = written.where(col("year").equalTo(2024)).select("data", "schema", "month", "day").first();
    Map<String, String> data = first.getJavaMap(0);
    assertEquals(FillerColumns.BASE_COLUMNS + filler.count(), data.size(), "every column of the row image, as text");
    assertTrue(data.get(ChangeSource.CREATED_AT_MS).matches("\\d+"));
    assertEquals("bench", first.get(1).toString());
    try (Stream<Path> parts = Files.list(dir.resolve("out"))) {
      assertEquals(List.of("schema=bench"), parts.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_") && !n.startsWith(".")).toList());
    }
  }
}
