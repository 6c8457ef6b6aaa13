package io.cdclake.bench;

import static io.cdclake.bench.report.ResultTable.col;

import io.cdclake.bench.load.FillerColumns;
import io.cdclake.bench.report.BarPanel;
import io.cdclake.bench.report.ChartRenderer;
import io.cdclake.bench.report.CsvWriter;
import io.cdclake.bench.report.MachineInfo;
import io.cdclake.bench.report.ResultTable;
import io.cdclake.common.config.PciConfig;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.spark.SparkSessions;
import io.cdclake.ingest.source.KinesisSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code benchmark}: runs the pipeline's own jobs on generated load and prints what they achieve on this machine,
 * then writes the same figures as {@code results.csv}, {@code results.txt} and {@code results.png}.
 *
 * <ul>
 *   <li><b>drain</b>: ingest throughput on a backlog (the ceiling);</li>
 *   <li><b>rates</b>: ingest micro-batch cost at offered rates, and latency from record creation to the raw zone
 *       and to the curated table, with ingest and curate running together;</li>
 *   <li><b>merge</b>: curate merge time and bytes written for a fixed change batch against tables of growing
 *       size, copy-on-write and deletion vectors, beside a plain Delta MERGE and Hudi upserts of the same
 *       changes;</li>
 *   <li><b>rebuild</b> (only when asked for): {@code Main rebuild} of a table from its raw history, beside
 *       writing the same rows once and Hudi upserting the same history;</li>
 *   <li><b>tables</b> (only when asked for): ingest batch time and throughput for the same records spread over
 *       1 to 1,000 source tables, beside a minimal read-parse-write baseline job on the same input.</li>
 * </ul>
 * Not a test: figures depend on the machine and on whatever else runs on it.
 */
public final class Benchmark {
  private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);

  private Benchmark() {}

  public static void main(String[] argv) throws Exception {
    System.setProperty("java.awt.headless", "true");
    System.exit(CommandLines.run(new BenchmarkOptions.Arguments(), argv, BenchmarkOptions.Arguments::check,
        options -> new Benchmark.Run(options).execute() == 0 ? 0 : 1));
  }

  /** One benchmark invocation: sections run in order, results gathered, reports written. */
  static final class Run {
    private final BenchmarkOptions o;
    private final MachineInfo machine = MachineInfo.current();
    private final double loadAtStart = MachineInfo.loadAverage();
    private final List<ResultTable> tables = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private DrainBenchmark.Result drain;
    private final List<RateBenchmark.Result> rates = new ArrayList<>();
    private final List<MergeBenchmark.Result> merges = new ArrayList<>();
    private final List<TablesBenchmark.Result> tableRuns = new ArrayList<>();
    private final List<CurateTablesBenchmark.Result> curateRuns = new ArrayList<>();
    private final List<RebuildBenchmark.Result> rebuilds = new ArrayList<>();

    Run(BenchmarkOptions options) {
      this.o = options;
    }

    int execute() throws IOException {
      Files.createDirectories(o.out());
      if (o.source() instanceof IngestSource.Kinesis k && k.emulator()) {
        // The connector reads credentials from the default chain; the emulator takes any.
        System.setProperty("aws.accessKeyId", "kinesisLocalAccessKey");
        System.setProperty("aws.secretAccessKey", "kinesisLocalSecretKey");
      }
      SparkSession spark = session(o.master(), o.work().resolve("spark"), hudiPeer());
      HashKey key = HashKey.resolve(new PciConfig("CDC_BENCH_PCI_HASH_KEY", true), System.getenv());
      BenchContext ctx = new BenchContext(spark, key, o.work(), o.seed(), o.mix());
      String sourceNote = sourceNote(spark);
      LOG.info("benchmark on {}; {}", machine.describe(), sourceNote);
      try {
        if (o.sections().contains("drain")) {
          section("drain", () -> drain = DrainBenchmark.run(ctx, o.tables(), FillerColumns.toWidth(o.columns()),
              o.drainRecords(), o.recordsPerFile(), o.drainFilesPerBatch()));
        }
        if (o.sections().contains("tables")) {
          section("tables warm-up", () -> TablesBenchmark.warmUp(ctx, o.tablesSettings()));
          for (int count : o.tablesSettings().tableCounts()) {
            section("tables " + count,
                () -> tableRuns.add(TablesBenchmark.run(ctx, o.tablesSettings(), count)));
          }
        }
        if (o.sections().contains("curate-tables")) {
          for (int count : o.curateTablesSettings().tableCounts()) {
            section("curate-tables " + count,
                () -> curateRuns.addAll(CurateTablesBenchmark.run(ctx, o.curateTablesSettings(), count)));
          }
        }
        if (o.sections().contains("rates")) {
          RateBenchmark.Settings settings = new RateBenchmark.Settings(o.tables(), o.rateDuration(), o.ramp(),
              o.triggerSeconds(), o.fileInterval(), o.curatePause(), o.source());
          for (double rate : o.rates()) {
            section("rate " + Math.round(rate), () -> rates.add(RateBenchmark.run(ctx, settings, rate)));
          }
        }
        if (hudiPeer()) {
          section("Hudi warm-up", () -> HudiUpsertBaseline.warmUp(spark, o.work().resolve("hudi-warm-up")));
        }
        if (o.sections().contains("merge")) {
          for (long hot : o.mergeHotKeys()) {
            for (long size : o.mergeSizes()) {
              for (boolean dv : o.mergeModes()) {
                section("merge " + size + (dv ? " dv" : " cow") + (hot > 0 ? " hot " + hot : ""),
                    () -> merges.add(MergeBenchmark.run(ctx, size, dv, o.mergeChanges(), hot, o.mergePeers())));
              }
            }
          }
        }
        if (o.sections().contains("rebuild")) {
          for (long size : o.rebuildSizes()) {
            section("rebuild " + size, () -> rebuilds.add(RebuildBenchmark.run(ctx, size, o.rebuildChanges(),
                o.mergePeers().contains(MergePeer.HUDI))));
          }
        }
      } finally {
        spark.stop();
      }
      buildTables(sourceNote);
      report();
      if (!o.keepWork()) {
        deleteRecursively(o.work());
      }
      return failures.size();
    }

    /** Whether this run upserts into Hudi, and so needs Hudi's session settings. */
    private boolean hudiPeer() {
      return (o.sections().contains("merge") || o.sections().contains("rebuild"))
          && o.mergePeers().contains(MergePeer.HUDI);
    }

    private interface Section {
      void run() throws Exception;
    }

    /** A failed case is reported and the others still run: half a benchmark beats none. */
    private void section(String name, Section body) {
      long start = System.nanoTime();
      try {
        body.run();
        LOG.info("{} done in {} s", name, Math.round((System.nanoTime() - start) / 1e9));
      } catch (Exception e) {
        LOG.error("{} failed", name, e);
        failures.add(name + ": " + e.getMessage());
      }
    }

    private String sourceNote(SparkSession spark) {
      boolean connector;
      try {
        KinesisSource.requireConnector(spark);
        connector = true;
      } catch (Exception | LinkageError e) {
        // Spark throws a checked ClassNotFoundException subtype here, undeclared.
        connector = false;
      }
      if (o.source() instanceof IngestSource.Kinesis k) {
        return "rate runs read Kinesis stream " + k.stream() + (k.emulator() ? " on kinesis-local" : "")
            + "; drain and merge read files";
      }
      return "ingest source: files" + (connector ? "" : " (the EMR Kinesis connector is not on this classpath;"
          + " rerun with --source kinesis and the connector jar to measure the Kinesis source)");
    }

    private void buildTables(String sourceNote) {
      if (drain != null) {
        tables.add(new ResultTable("Ingest throughput: backlog drain", List.of(
            col("records", ""), col("wall", "s"), col("throughput", "records/s"), col("micro-batches", ""),
            col("mean batch", "s"), col("max batch", "s"), col("raw bytes/record", "B"),
            col("input bytes/record", "B"), col("baseline", "records/s"), col("steady", "records/s"),
            col("baseline steady", "records/s"), col("steady ours/baseline", "")))
            .row(String.format(Locale.ROOT, "%,d records", drain.records()), drain.records(), drain.seconds(),
                drain.recordsPerSecond(), drain.batches(), drain.meanBatchMs() / 1000, drain.maxBatchMs() / 1000,
                drain.rawBytes() / (double) drain.records(), drain.inputBytes() / (double) drain.records(),
                drain.baselineRecordsPerSecond(), drain.steadyRecordsPerSecond(),
                drain.baselineSteadyRecordsPerSecond(),
                drain.steadyRecordsPerSecond() / drain.baselineSteadyRecordsPerSecond())
            .note("one available-now run over " + o.recordsPerFile() + "-record files, "
                + o.drainFilesPerBatch() + " files per micro-batch; wall time includes query start-up")
            .note("baseline: one read-parse-write job per micro-batch's files, after ours in the same JVM;"
                + " steady: all micro-batches but the first, for both")
            .note("records of " + o.columns() + " data columns; raw bytes: the raw Delta table, log included")
            .note(sourceNote));
      }
      if (!tableRuns.isEmpty()) {
        tables.add(TablesBenchmark.table(tableRuns, o.tablesSettings()));
      }
      if (!curateRuns.isEmpty()) {
        tables.add(CurateTablesBenchmark.table(curateRuns));
      }
      if (!rates.isEmpty()) {
        ResultTable ingest = new ResultTable("Ingest under offered load", List.of(
            col("offered", "records/s"), col("sent", "records"), col("achieved", "records/s"),
            col("micro-batches", ""), col("mean batch", "s"), col("p95 batch", "s"), col("max batch", "s"),
            col("batch throughput", "records/s"), col("raw bytes/record", "B")));
        ResultTable latency = new ResultTable("End-to-end latency (record creation to visibility)", List.of(
            col("raw p50", "s"), col("raw p95", "s"), col("raw p99", "s"), col("curated p50", "s"),
            col("curated p95", "s"), col("curated p99", "s"), col("raw samples", ""), col("curated samples", ""),
            col("curate runs", ""), col("mean curate run", "s"), col("curated bytes/change", "B")));
        for (RateBenchmark.Result r : rates) {
          String label = rateLabel(r.targetRate());
          List<Long> durations = r.batches().stream().map(IngestProbe.Batch::durationMs).sorted().toList();
          long batchMs = durations.stream().mapToLong(Long::longValue).sum();
          ingest.row(label, r.targetRate(), r.load().records(), r.load().recordsPerSecond(), durations.size(),
              mean(durations) / 1000, percentile(durations, 95) / 1000, percentile(durations, 100) / 1000,
              batchMs == 0 ? null : r.load().records() / (batchMs / 1000.0),
              r.rawBytes() / (double) Math.max(1, r.load().records()));
          latency.row(label, seconds(r.raw(), 50), seconds(r.raw(), 95), seconds(r.raw(), 99),
              seconds(r.curated(), 50), seconds(r.curated(), 95), seconds(r.curated(), 99), r.raw().getTotalCount(),
              r.curated().getTotalCount(), r.curateRuns(),
              r.curateSeconds().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
              r.curatedBytes() / (double) Math.max(1, r.rowsApplied()));
        }
        ingest.note(o.rateDuration().toSeconds() + " s per rate with a " + o.ramp().toSeconds() + " s ramp; "
            + "ingest trigger " + o.triggerSeconds() + " s; generator closes a file every "
            + o.fileInterval().toMillis() + " ms; curate runs back to back beside ingest")
            .note("batch throughput = records / total time spent inside micro-batches")
            .note(sourceNote);
        latency.note("raw: until the record's micro-batch files are published; curated: until the commit of the"
                + " first table version holding the record's row state (deletes and superseded states excluded)")
            .note("latency includes waiting for the generator's file interval and the ingest trigger: expect"
                + " about interval/2 + trigger/2 + batch time; production's 30 s trigger adds ~12 s to raw p50");
        tables.add(ingest);
        tables.add(latency);
      }
      if (!merges.isEmpty()) {
        tables.add(MergeReport.table(merges, o.mergeChanges(), o.mergePeers()));
      }
      if (!rebuilds.isEmpty()) {
        tables.add(RebuildBenchmark.table(rebuilds, o.mergePeers().contains(MergePeer.HUDI)));
      }
      if (!failures.isEmpty()) {
        ResultTable failed = new ResultTable("Failed cases", List.of(col("error", "")));
        failures.forEach(f -> failed.row(f.substring(0, f.indexOf(':')), f.substring(f.indexOf(':') + 2)));
        tables.add(failed);
      }
    }

    private void report() throws IOException {
      StringBuilder text = new StringBuilder();
      String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
      text.append("cdclake benchmark, ").append(when).append('\n');
      String load = String.format(Locale.ROOT, "load average %.1f at start, %.1f at end (%d cores: above %d means"
          + " other processes competed for CPU)", loadAtStart, MachineInfo.loadAverage(), machine.cores(),
          machine.cores());
      text.append("machine: ").append(machine.describe()).append('\n');
      text.append("load: ").append(load).append('\n');
      text.append("spark: ").append(o.master()).append(", seed ").append(o.seed()).append('\n').append('\n');
      for (ResultTable t : tables) {
        text.append(t.render()).append('\n');
      }
      System.out.println(text);
      Files.writeString(o.out().resolve("results.txt"), text.toString());
      CsvWriter.write(o.out().resolve("results.csv"), tables);
      ChartRenderer.write(o.out().resolve("results.png"), "cdclake benchmark, " + when,
          machine.describe() + String.format(Locale.ROOT, "; load average %.1f-%.1f", loadAtStart,
              MachineInfo.loadAverage()), panels(), 2);
      System.out.println("results: " + o.out().resolve("results.txt") + ", results.csv, results.png");
    }

    private List<BarPanel> panels() {
      List<BarPanel> panels = new ArrayList<>();
      List<String> rateLabels = rates.stream().map(r -> rateLabel(r.targetRate())).toList();
      List<String> throughputCats = new ArrayList<>(rateLabels);
      List<Double> offered = new ArrayList<>(rates.stream().map(RateBenchmark.Result::targetRate).toList());
      List<Double> achieved = new ArrayList<>(rates.stream().map(r -> r.load().recordsPerSecond()).toList());
      List<Double> meanBatch = new ArrayList<>();
      List<Double> p95Batch = new ArrayList<>();
      List<Double> maxBatch = new ArrayList<>();
      for (RateBenchmark.Result r : rates) {
        List<Long> d = r.batches().stream().map(IngestProbe.Batch::durationMs).sorted().toList();
        meanBatch.add(mean(d) / 1000);
        p95Batch.add(percentile(d, 95) / 1000);
        maxBatch.add(percentile(d, 100) / 1000);
      }
      if (drain != null) {
        throughputCats.add("backlog drain");
        offered.add(Double.NaN);
        achieved.add(drain.recordsPerSecond());
        meanBatch.add(drain.meanBatchMs() / 1000);
        p95Batch.add(Double.NaN);
        maxBatch.add(drain.maxBatchMs() / 1000);
      }
      panels.add(BarPanel.builder("Ingest throughput", "records/s", throughputCats)
          .series("offered", offered).series("ingested", achieved).build());
      panels.add(BarPanel.builder("Ingest micro-batch duration", "seconds", throughputCats)
          .series("mean", meanBatch).series("p95", p95Batch).series("max", maxBatch).build());
      List<String> tableLabels = tableRuns.stream().map(r -> TablesBenchmark.label(r.tables())).toList();
      panels.add(BarPanel.builder("Ingest median batch time by source tables", "seconds", tableLabels)
          .series("cdclake ingest", tableRuns.stream().map(TablesBenchmark.Result::ourMedianSeconds).toList())
          .series("baseline job", tableRuns.stream().map(TablesBenchmark.Result::baselineMedianSeconds).toList())
          .build());
      panels.add(BarPanel.builder("Ingest throughput by source tables", "records/s", tableLabels)
          .series("cdclake ingest", tableRuns.stream().map(TablesBenchmark.Result::ourRecordsPerSecond).toList())
          .series("baseline job", tableRuns.stream().map(TablesBenchmark.Result::baselineRecordsPerSecond).toList())
          .build());
      List<Integer> counts = curateRuns.stream().map(CurateTablesBenchmark.Result::tables).distinct().toList();
      List<String> countLabels = counts.stream().map(TablesBenchmark::label).toList();
      BarPanel.Builder idle = BarPanel.builder("Curate run with nothing new", "seconds", countLabels);
      BarPanel.Builder busy = BarPanel.builder("Curate run, " + (curateRuns.isEmpty() ? 0
          : curateRuns.get(0).changesPerTable()) + " changes per table", "seconds", countLabels);
      for (int p : curateRuns.stream().map(CurateTablesBenchmark.Result::parallelism).distinct().toList()) {
        List<Double> i = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int n : counts) {
          CurateTablesBenchmark.Result r = curateRuns.stream()
              .filter(x -> x.tables() == n && x.parallelism() == p).findFirst().orElse(null);
          i.add(r == null ? Double.NaN : r.idleSeconds());
          b.add(r == null ? Double.NaN : r.busySeconds());
        }
        idle.series("parallelism " + p, i);
        busy.series("parallelism " + p, b);
      }
      panels.add(idle.build());
      panels.add(busy.build());
      panels.add(latencyPanel("Latency to raw zone", rateLabels, true));
      panels.add(latencyPanel("Latency to curated table", rateLabels, false));
      panels.addAll(MergeReport.panels(merges, o.mergeChanges()));
      panels.add(RebuildBenchmark.panel(rebuilds));
      return panels;
    }

    private BarPanel latencyPanel(String title, List<String> labels, boolean raw) {
      BarPanel.Builder b = BarPanel.builder(title, "seconds from record creation", labels);
      for (int p : List.of(50, 95, 99)) {
        List<Double> values = new ArrayList<>();
        for (RateBenchmark.Result r : rates) {
          Double v = seconds(raw ? r.raw() : r.curated(), p);
          values.add(v == null ? Double.NaN : v);
        }
        b.series("p" + p, values);
      }
      return b.build();
    }
  }

  /**
   * A local session sized to the machine, set up like the jobs' own (Delta, UTC, snappy); with {@code hudi},
   * also what Hudi needs to share it ({@link HudiUpsertBaseline#withHudi}). Only then: a run without Hudi keeps
   * the jobs' own serializer and extensions.
   */
  static SparkSession session(String master, Path dir, boolean hudi) {
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession.Builder base = SparkSessions.base("cdclake-benchmark");
    return (hudi ? HudiUpsertBaseline.withHudi(base) : base)
        .master(master)
        .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, 2 * cores)))
        .config("spark.default.parallelism", String.valueOf(Math.max(4, 2 * cores)))
        .config("spark.ui.enabled", "false")
        // Batch durations are read from the queries' progress reports: keep all of a run's.
        .config("spark.sql.streaming.numRecentProgressUpdates", "100000")
        .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toAbsolutePath().toString())
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.databricks.delta.snapshotPartitions", String.valueOf(Math.max(2, cores)))
        .getOrCreate();
  }

  static String rateLabel(double rate) {
    return String.format(Locale.ROOT, "%,d records/s", Math.round(rate));
  }

  static Double seconds(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? null : h.getValueAtPercentile(percentile) / 1000.0;
  }

  static double mean(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
  }

  /** Nearest-rank percentile of sorted values; NaN when empty. */
  static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
