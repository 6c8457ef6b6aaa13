package io.cdclake.bench;

import static io.cdclake.bench.report.ResultTable.col;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.bench.report.ResultTable;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.curate.CurateOptions;
import io.cdclake.curate.CurateReport;
import io.cdclake.curate.TableReport;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the number of curated tables costs one scheduled curate run: N small tables, first a run with nothing new
 * (what every table pays for being there), then a run with the same few changes per table, at each parallelism
 * asked for. Parallelism 1 is the baseline: tables one after another, as curate ran before it had a pool.
 */
final class CurateTablesBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(CurateTablesBenchmark.class);
  /** Keys per table: enough that a run's changes are mostly inserts and updates of distinct keys. */
  static final int KEY_SPACE = 10_000;
  /** Rows of each table's full load, so every table exists and holds data before the timed runs. */
  static final int SEED_ROWS = 20;

  /**
   * @param tableCounts     curated table counts, one lake each
   * @param changesPerTable changes each table gets before the busy run
   * @param parallelisms    tables curated at a time, one idle and one busy run each
   */
  record Settings(List<Integer> tableCounts, int changesPerTable, List<Integer> parallelisms) {}

  /**
   * @param idleSeconds wall time of a run with nothing new for any table
   * @param busySeconds wall time of a run with {@code changesPerTable} new changes for every table
   * @param changes     changes the busy run read
   * @param applied     rows it inserted, updated or deleted
   */
  record Result(int tables, int parallelism, int changesPerTable, double idleSeconds, double busySeconds,
      long changes, long applied) {}

  private CurateTablesBenchmark() {}

  static List<Result> run(BenchContext ctx, Settings s, int tableCount) throws IOException {
    String name = "curate-tables-" + tableCount;
    List<BenchTable> tables = IntStream.rangeClosed(1, tableCount)
        .mapToObj(i -> BenchTable.of(new SyntheticTable("bench", String.format(Locale.ROOT, "c%05d", i),
            KEY_SPACE), false))
        .toList();
    BenchLake lake = BenchLake.create(ctx.caseDir(name), tables, new IngestSource.Files(), 30, 1000);
    List<TableLoad> loads = tables.stream().map(t -> new TableLoad(t.table(), 1, SEED_ROWS)).toList();
    ChangeSource source = new ChangeSource(loads, ctx.mix(), ctx.seed(), Instant.now(), PartitionKeyMode.PRIMARY_KEY);

    LOG.info("{}: seeding {} rows into {} tables", name, (long) SEED_ROWS * tableCount, tableCount);
    RecordFiles.write(lake.input(), source, (long) SEED_ROWS * tableCount, 50_000);
    lake.ingest(ctx, (long) SEED_ROWS * tableCount);
    int widest = s.parallelisms().stream().mapToInt(Integer::intValue).max().orElse(1);
    curate(ctx, lake, widest, name + " seed");

    List<Result> results = new java.util.ArrayList<>();
    for (int parallelism : s.parallelisms()) {
      long start = System.nanoTime();
      CurateReport idle = curate(ctx, lake, parallelism, name + " idle, parallelism " + parallelism);
      double idleSeconds = (System.nanoTime() - start) / 1e9;
      long idleRead = idle.tables().stream().mapToLong(TableReport::rawChangesRead).sum();
      if (idleRead != 0) {
        throw new IllegalStateException(name + ": the idle run read " + idleRead + " changes");
      }

      long changes = (long) s.changesPerTable() * tableCount;
      RecordFiles.write(lake.input(), source, changes, 50_000);
      lake.ingest(ctx, changes);
      start = System.nanoTime();
      CurateReport busy = curate(ctx, lake, parallelism, name + " busy, parallelism " + parallelism);
      double busySeconds = (System.nanoTime() - start) / 1e9;
      long read = busy.tables().stream().mapToLong(TableReport::rawChangesRead).sum();
      if (read != changes) {
        throw new IllegalStateException(name + ": the busy run read " + read + " of " + changes + " changes");
      }
      long applied = busy.tables().stream()
          .mapToLong(t -> t.rowsInserted() + t.rowsUpdated() + t.rowsDeleted()).sum();
      LOG.info("{} parallelism {}: idle run {} s, busy run {} s ({} changes)", name, parallelism,
          String.format(Locale.ROOT, "%.1f", idleSeconds), String.format(Locale.ROOT, "%.1f", busySeconds), read);
      results.add(new Result(tableCount, parallelism, s.changesPerTable(), idleSeconds, busySeconds, read,
          applied));
    }
    return results;
  }

  private static CurateReport curate(BenchContext ctx, BenchLake lake, int parallelism, String what) {
    LOG.info("{}", what);
    return lake.curate(ctx, CurateOptions.defaults().withParallelism(parallelism));
  }

  static ResultTable table(List<Result> results) {
    ResultTable t = new ResultTable("Curate run by number of tables", List.of(
        col("tables", ""), col("parallelism", ""), col("idle run", "s"), col("idle per table", "s"),
        col("busy run", "s"), col("busy per table", "s"), col("changes", ""), col("busy vs parallelism 1", "x")));
    for (Result r : results) {
      Double vsSequential = results.stream()
          .filter(b -> b.tables() == r.tables() && b.parallelism() == 1).findFirst()
          .map(b -> r.busySeconds() / b.busySeconds()).orElse(null);
      t.row(TablesBenchmark.label(r.tables()) + ", parallelism " + r.parallelism(), r.tables(), r.parallelism(),
          r.idleSeconds(), r.idleSeconds() / r.tables(), r.busySeconds(), r.busySeconds() / r.tables(),
          r.changes(), vsSequential);
    }
    int changes = results.isEmpty() ? 0 : results.get(0).changesPerTable();
    return t.note("idle run: nothing new for any table; busy run: " + changes + " generated changes per table"
            + " (OLTP mix), copy-on-write tables of " + SEED_ROWS + " seed rows")
        .note("parallelism 1 is the baseline: tables one after another; the whole scheduled job is timed"
            + " (stream start, merge, manifest), in one Spark application");
  }
}
