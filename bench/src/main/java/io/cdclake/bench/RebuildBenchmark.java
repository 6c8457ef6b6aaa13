package io.cdclake.bench;

import static io.cdclake.bench.report.ResultTable.col;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.bench.report.BarPanel;
import io.cdclake.bench.report.ResultTable;
import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawView;
import io.cdclake.curate.TableRebuild;
import io.cdclake.curate.TableReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Main rebuild} of one table from its whole raw history, beside writing that history once as a table (the
 * issue's yardstick: a rebuild within 2x of it) and beside Hudi upserting the same history into an empty table.
 *
 * <p>The history is a full load of N rows and a batch of changes. A seed load goes through the real pipeline
 * (generator → files → ingest), so the raw rows have ingest's layout; the load is then grown to N keys by
 * appending raw load records with Spark (the seed's envelope, per-key values as text), and the changes go
 * through ingest. Pushing millions of load records through JSON and ingest would only measure ingest again.
 * The table is first curated by an ordinary run (timed too: the stream's way of building it), then rebuilt; both
 * must give the same rows.
 */
final class RebuildBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(RebuildBenchmark.class);
  /** Rows per file of the grown load, as a bulk load's files would hold. */
  private static final long ROWS_PER_FILE = 250_000;

  /**
   * @param tableRows      keys of the full load
   * @param rawRows        raw rows of the table's history: the load and the changes
   * @param rowsAfter      rows of the curated table after its history
   * @param runSeconds     the ordinary curate run that applied the whole history (its stream)
   * @param rebuildSeconds {@link TableRebuild#run}: reading the history, applying it to a staging table, swapping it
   *                       in, the manifest and its checks
   * @param writeSeconds   the same raw history read, typed and written once as a Delta table, one row per raw row
   * @param hudiSeconds    Hudi's upsert of the same history into an empty copy-on-write table, or null
   */
  record Result(long tableRows, long changes, long rawRows, long rowsAfter, double runSeconds,
      double rebuildSeconds, double writeSeconds, Double hudiSeconds) {
    double vsWrite() {
      return rebuildSeconds / writeSeconds;
    }

    Double vsHudi() {
      return hudiSeconds == null ? null : rebuildSeconds / hudiSeconds;
    }
  }

  private RebuildBenchmark() {}

  static Result run(BenchContext ctx, long tableRows, int changes, boolean hudi) throws IOException {
    if (tableRows > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("table size " + tableRows + " exceeds the generator's key space");
    }
    SparkSession spark = ctx.spark();
    String name = "rebuild-" + tableRows;
    SyntheticTable synthetic = new SyntheticTable("bench", "rebuild_target", (int) tableRows);
    BenchTable table = BenchTable.of(synthetic, false);
    BenchLake lake = BenchLake.create(ctx.caseDir(name), List.of(table), new IngestSource.Files(), 30, 1000);
    TableContract contract = lake.contract(table);
    String rawPath = lake.paths().rawChanges();
    int seedRows = (int) Math.min(tableRows, 10_000);
    ChangeSource source = new ChangeSource(List.of(new TableLoad(synthetic, 1, seedRows)), ctx.mix(), ctx.seed(),
        Instant.now(), PartitionKeyMode.PRIMARY_KEY);

    LOG.info("{}: a full load of {} rows and {} changes as raw history", name, tableRows, changes);
    RecordFiles.write(lake.input(), source, seedRows, 50_000);
    lake.ingest(ctx, seedRows);
    growLoad(spark, rawPath, contract, tableRows);
    RecordFiles.write(lake.input(), source, changes, 50_000);
    lake.ingest(ctx, changes);
    long rawRows = RawView.ofTable(spark.read().format("delta").load(rawPath), contract).count();

    long start = System.nanoTime();
    TableReport first = MergeBenchmark.curate(ctx, lake);
    double runSeconds = (System.nanoTime() - start) / 1e9;
    if (first.rawChangesRead() != rawRows) {
      throw new IllegalStateException(name + ": the curate run read " + first.rawChangesRead() + " of " + rawRows
          + " raw rows; the figures would be wrong");
    }
    String path = lake.curatedDir(table).toString();
    Checksum curated = Checksum.of(spark.read().format("delta").load(path), contract);

    LOG.info("{}: rebuilding from {} raw rows", name, rawRows);
    start = System.nanoTime();
    TableRebuild.Result rebuilt = TableRebuild.run(spark, lake.config(), contract, Optional.empty());
    double rebuildSeconds = (System.nanoTime() - start) / 1e9;
    Checksum after = Checksum.of(spark.read().format("delta").load(path), contract);
    if (rebuilt.rawRows() != rawRows || !after.equals(curated)) {
      throw new IllegalStateException(name + ": the rebuild applied " + rebuilt.rawRows() + " of " + rawRows
          + " raw rows and gave " + after + " where the curate run gave " + curated + "; the figures would compare"
          + " unlike work");
    }

    // The yardstick: the same raw history read, typed and written once, with none of the ordering, deduplication
    // or checks that make it a table of one row per key.
    Path once = lake.root().resolve("write-once");
    List<Column> columns = new ArrayList<>();
    contract.columns().forEach(c -> columns.add(col("`" + c.name() + "`")));
    List.of(RawColumns.OP, RawColumns.COMMIT_TIMESTAMP, RawColumns.ARRIVAL_TIMESTAMP).forEach(c -> columns.add(col(c)));
    start = System.nanoTime();
    RawView.typed(RawView.ofTable(spark.read().format("delta").load(rawPath), contract), contract)
        .select(columns.toArray(Column[]::new)).write().format("delta").save(once.toString());
    double writeSeconds = (System.nanoTime() - start) / 1e9;

    Double hudiSeconds = null;
    if (hudi) {
      Dataset<Row> rows = spark.read().format("delta").load(path);
      HudiUpsertBaseline.Table cow = HudiUpsertBaseline.Table.of(contract,
          HudiUpsertBaseline.TableType.COPY_ON_WRITE, lake.root().resolve("hudi"));
      hudiSeconds = cow.upsert(() -> HudiUpsertBaseline.changes(spark, rawPath, contract, -1, rows.schema()));
      long hudiRows = cow.count(spark);
      if (hudiRows != after.rows()) {
        throw new IllegalStateException(name + ": after the same history the curated table has " + after.rows()
            + " rows but the Hudi table " + hudiRows + "; the Hudi figure would not compare like with like");
      }
    }
    LOG.info("{}: rebuild {} s, curate run {} s, write once {} s, Hudi upsert {} s", name, rebuildSeconds,
        runSeconds, writeSeconds, hudiSeconds);
    return new Result(tableRows, changes, rawRows, after.rows(), runSeconds, rebuildSeconds, writeSeconds,
        hudiSeconds);
  }

  /**
   * Rows and a hash sum of the contract's columns: two tables with the same rows have the same checksum, and one
   * wrong value changes it (short of a hash collision). One scan, no shuffle.
   */
  record Checksum(long rows, long hashSum) {
    static Checksum of(Dataset<Row> table, TableContract contract) {
      Column[] columns = contract.columns().stream().map(ColumnSpec::name).map(n -> col("`" + n + "`"))
          .toArray(Column[]::new);
      // Reduced before the sum so that it cannot overflow: a wrapped sum would still compare, but this reads plainly.
      Row r = table.agg(org.apache.spark.sql.functions.count(lit(1)),
          sum(pmod(xxhash64(columns), lit(1_000_000_007L)))).head();
      return new Checksum(r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1));
    }
  }

  /**
   * Appends raw load records for the keys 1..{@code rows} the table's load does not hold yet: the envelope of one
   * of its load records (so they sort before every change still to come), the key and the generator's value
   * columns varied per key as text, the other row values copied.
   */
  static void growLoad(SparkSession spark, String rawPath, TableContract contract, long rows) {
    String key = SyntheticTable.KEY;
    Dataset<Row> stored = spark.read().format("delta").load(rawPath);
    Dataset<Row> loads = RawView.ofTable(stored, contract)
        .where(col(RawColumns.OP).equalTo(lit(DmsOperation.LOAD.wireName())));
    Dataset<Row> template = loads.limit(1).cache();
    List<Row> first = template.collectAsList();
    if (first.isEmpty()) {
      throw new IllegalStateException("no load record of " + contract.sourceId() + " in " + rawPath
          + " to grow the load from");
    }
    Map<String, String> data = first.get(0).getJavaMap(first.get(0).fieldIndex(RawColumns.DATA));
    Dataset<Row> keys = spark.range(1, rows + 1).toDF(key)
        .join(loads.select(col(RawColumns.DATA).getItem(key).cast("long").as(key)),
            scala.collection.JavaConverters.asScalaBuffer(List.of(key)).toSeq(), "left_anti");
    Column id = col(key);
    List<Column> entries = new ArrayList<>();
    for (String column : data.keySet()) {
      // As text, as the raw zone keeps every value.
      Column value = MergeBenchmark.perKey(column, id).map(v -> v.cast("string"))
          .orElseGet(() -> col(RawColumns.DATA).getItem(column));
      entries.add(lit(column));
      entries.add(value);
    }
    List<Column> out = new ArrayList<>();
    for (String c : stored.columns()) {
      out.add(c.equals(RawColumns.DATA) ? map(entries.toArray(Column[]::new)).as(c) : col("`" + c + "`"));
    }
    long toAdd = rows - loads.count();
    int files = (int) Math.max(1, (toAdd + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
    LOG.info("growing the load of {} to {} rows ({} files)", contract.sourceId(), rows, files);
    keys.crossJoin(template).select(out.toArray(Column[]::new))
        .repartitionByRange(files, col(RawColumns.DATA).getItem(key).cast("long"))
        .write().format("delta").mode("append").save(rawPath);
    template.unpersist();
  }

  static ResultTable table(List<Result> results, boolean hudi) {
    ResultTable t = new ResultTable("Rebuild of a table from its raw history", List.of(
        col("table rows", ""), col("changes", ""), col("raw rows", ""), col("rows after", ""),
        col("curate run", "s"), col("rebuild", "s"), col("write once", "s"), col("Hudi COW upsert", "s"),
        col("rebuild vs write once", "x"), col("rebuild vs Hudi COW", "x")));
    for (Result r : results) {
      t.row(MergeBenchmark.label(r.tableRows()), r.tableRows(), r.changes(), r.rawRows(), r.rowsAfter(),
          r.runSeconds(), r.rebuildSeconds(), r.writeSeconds(), r.hudiSeconds(), r.vsWrite(), r.vsHudi());
    }
    t.note("history: a full load of the table's rows (grown with Spark from a seed load through ingest) and the"
            + " changes (generated, OLTP mix, through ingest); copy-on-write table")
        .note("curate run: the ordinary run that first applied the whole history; rebuild: Main rebuild's work"
            + " (TableRebuild), which must give the same rows (count and hash sum)")
        .note("write once: the issue's yardstick, the same raw history read, typed (the contract's columns) and"
            + " written once as a new Delta table, one row per raw row: no ordering, deduplication or checks");
    if (hudi) {
      t.note("Hudi " + HudiUpsertBaseline.version() + ": the same history (a key change also deletes the old key,"
          + " a delete sets _hoodie_is_deleted) upserted into an empty copy-on-write table, timed from reading the"
          + " raw rows to the commit; it must end with the curated table's row count");
    }
    return t;
  }

  static BarPanel panel(List<Result> results) {
    List<String> labels = results.stream().map(r -> MergeBenchmark.label(r.tableRows())).toList();
    return BarPanel.builder("Rebuild from raw history", "seconds", labels)
        .series("rebuild", results.stream().map(Result::rebuildSeconds).toList())
        .series("write once", results.stream().map(Result::writeSeconds).toList())
        .series("curate run", results.stream().map(Result::runSeconds).toList())
        .series("Hudi COW upsert", results.stream()
            .map(r -> r.hudiSeconds() == null ? Double.NaN : r.hudiSeconds()).toList())
        .build();
  }
}
