package io.cdclake.bench;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.JsonLinesFileSink;
import io.cdclake.bench.load.KinesisClients;
import io.cdclake.bench.load.KinesisSink;
import io.cdclake.bench.load.LoadGenerator;
import io.cdclake.bench.load.LoadReport;
import io.cdclake.bench.load.Pacer;
import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.PutRecordsBatches;
import io.cdclake.bench.load.RateSchedule;
import io.cdclake.bench.load.RecordSink;
import io.cdclake.bench.load.StreamAdmin;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.bench.load.Ticker;
import io.cdclake.curate.CurateJob;
import io.cdclake.curate.CurateReport;
import io.cdclake.ingest.IngestJob;
import io.cdclake.ingest.source.Sources;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The pipeline under a steady offered load: the load generator sends at a target rate (with a ramp) while the
 * continuous ingest query runs on its trigger and curate runs in a loop beside it, all on this machine. Measures
 * what the ingest micro-batches cost at that rate and how long a record takes to become visible in the raw zone
 * and in the curated table.
 */
final class RateBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(RateBenchmark.class);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);

  /** Settings shared by every rate. */
  record Settings(List<TableLoad> tables, Duration duration, Duration ramp, int triggerSeconds,
      Duration fileInterval, Duration curatePause, IngestSource source) {}

  /**
   * @param targetRate      records/s asked for
   * @param load            what the generator sent
   * @param batches         ingest micro-batches that had input
   * @param curateRuns      curate runs during and after the load
   * @param curateSeconds   duration of each curate run
   * @param raw             latency to the raw zone
   * @param curated         latency to the curated table
   * @param rawBytes        bytes in the raw zone afterwards
   * @param curatedBytes    bytes written under the curated tables
   * @param rowsApplied     inserts, updates and deletes curate applied
   */
  record Result(double targetRate, LoadReport load, List<IngestProbe.Batch> batches, int curateRuns,
      List<Double> curateSeconds, Histogram raw, Histogram curated, long rawBytes, long curatedBytes,
      long rowsApplied) {}

  private RateBenchmark() {}

  static Result run(BenchContext ctx, Settings settings, double rate) throws Exception {
    String name = "rate-" + Math.round(rate);
    List<BenchTable> tables = settings.tables().stream().map(t -> BenchTable.of(t.table(), false)).toList();
    BenchLake lake = BenchLake.create(ctx.caseDir(name), tables, settings.source(), settings.triggerSeconds(),
        1000);
    ChangeSource source = new ChangeSource(settings.tables(), ctx.mix(), ctx.seed(), Instant.now(),
        PartitionKeyMode.PRIMARY_KEY);
    RateSchedule schedule = new RateSchedule(rate, settings.ramp(), settings.duration());

    IngestProbe probe = new IngestProbe();
    KinesisClient kinesis = null;
    IngestJob.Running ingest = null;
    CurateLoop curate = null;
    try {
      RecordSink sink;
      if (settings.source() instanceof IngestSource.Kinesis k) {
        kinesis = k.emulator() ? KinesisClients.emulator(k.region(), URI.create(k.endpoint().orElseThrow()))
            : KinesisClients.aws(k.region(), k.endpoint().map(URI::create));
        new StreamAdmin(kinesis).ensureActive(k.stream(), k.shards(), Duration.ofMinutes(5));
        sink = KinesisSink.withDefaults(kinesis, k.stream());
      } else {
        sink = new JsonLinesFileSink(lake.input(), settings.fileInterval(), System::currentTimeMillis);
      }
      ingest = IngestJob.launch(ctx.spark(), lake.config(), ctx.hashKey(),
          Sources.of(lake.config().ingest(), lake.config().sourceFile()),
          Trigger.ProcessingTime(settings.triggerSeconds() * 1000L), probe);
      // The first (empty) batch fixes the Kinesis start at LATEST; files are listed afresh every batch anyway.
      awaitFirstBatch(ingest.query());
      LakeMeasures.CuratedWatcher watcher = new LakeMeasures.CuratedWatcher(ctx.spark(), lake);
      curate = new CurateLoop(ctx, lake, watcher, settings.curatePause());
      curate.start();

      LOG.info("{}: sending {} records/s for {} s (ramp {} s)", name, Math.round(rate),
          settings.duration().toSeconds(), settings.ramp().toSeconds());
      // The schedule's clock starts now, once the query runs, so no part of the ramp is spent waiting for it.
      Pacer pacer = new Pacer(schedule, Ticker.system(), Math.max(PutRecordsBatches.MAX_RECORDS, rate),
          Duration.ofMillis(50));
      LoadReport load;
      try (RecordSink s = sink) {
        load = new LoadGenerator(source, s, schedule, pacer, System::currentTimeMillis,
            PutRecordsBatches.MAX_RECORDS).run();
      }
      LOG.info("{}: {}", name, load.summary());
      awaitIngested(ingest, load.records());
      ingest.query().stop();
      curate.finish();
      curate.runOnce();

      long rawBytes = LakeMeasures.directoryBytes(lake.rawChangesDir());
      long curatedBytes = tables.stream().mapToLong(t -> LakeMeasures.directoryBytes(lake.curatedDir(t))).sum();
      Histogram raw = LakeMeasures.rawLatency(ctx.spark(), lake, probe.visibleAtMs());
      return new Result(rate, load, probe.batches(ingest.query()), curate.runs(), curate.seconds(), raw,
          watcher.histogram(), rawBytes, curatedBytes, curate.rowsApplied());
    } finally {
      if (curate != null) {
        curate.finish();
      }
      if (ingest != null && ingest.query().isActive()) {
        ingest.query().stop();
      }
      if (kinesis != null) {
        kinesis.close();
      }
    }
  }

  private static void awaitFirstBatch(StreamingQuery query) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (query.lastProgress() == null) {
      if (!query.isActive()) {
        throw new IllegalStateException("ingest query stopped before its first batch: "
            + query.exception().map(Throwable::getMessage).getOrElse(() -> "no error recorded"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("ingest query ran no batch within 2 minutes; status " + query.status()
            + ", " + query.recentProgress().length + " progress reports");
      }
      Thread.sleep(100);
    }
  }

  /** Waits until the ingest query has read everything sent (it runs on its trigger, so up to one interval). */
  private static void awaitIngested(IngestJob.Running ingest, long sent) throws InterruptedException {
    long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
    while (ingest.report().recordsIn() < sent) {
      if (!ingest.query().isActive()) {
        throw new IllegalStateException("ingest query stopped after " + ingest.report().recordsIn() + " of "
            + sent + " records: " + ingest.query().exception().map(Throwable::getMessage).getOrElse(() -> "?"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("ingest had read " + ingest.report().recordsIn() + " of " + sent
            + " records after " + CATCH_UP_TIMEOUT.toMinutes() + " minutes; it cannot keep up with this rate");
      }
      Thread.sleep(200);
    }
  }

  /** Curate runs back to back (with an optional pause) on its own thread, as a tight Airflow schedule would. */
  private static final class CurateLoop {
    private final BenchContext ctx;
    private final BenchLake lake;
    private final LakeMeasures.CuratedWatcher watcher;
    private final Duration pause;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Double> seconds = new ArrayList<>();
    private long rowsApplied;
    private Thread thread;

    CurateLoop(BenchContext ctx, BenchLake lake, LakeMeasures.CuratedWatcher watcher, Duration pause) {
      this.ctx = ctx;
      this.lake = lake;
      this.watcher = watcher;
      this.pause = pause;
    }

    void start() {
      thread = new Thread(() -> {
        try {
          while (!stop.get()) {
            runOnce();
            Thread.sleep(Math.max(200, pause.toMillis()));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "bench-curate-loop");
      thread.setDaemon(true);
      thread.start();
    }

    synchronized void runOnce() {
      long start = System.nanoTime();
      CurateReport report = CurateJob.run(ctx.spark(), lake.config());
      seconds.add((System.nanoTime() - start) / 1e9);
      if (report.hasFailures()) {
        throw new IllegalStateException("curate failed during the benchmark:\n" + report.summary());
      }
      report.tables().forEach(t -> rowsApplied += t.rowsInserted() + t.rowsUpdated() + t.rowsDeleted());
      watcher.observe();
    }

    void finish() throws InterruptedException {
      stop.set(true);
      if (thread != null) {
        thread.join();
        thread = null;
      }
      Throwable t = failure.getAndSet(null);
      if (t != null) {
        throw new IllegalStateException("curate loop failed: " + t.getMessage(), t);
      }
    }

    synchronized int runs() {
      return seconds.size();
    }

    synchronized List<Double> seconds() {
      return List.copyOf(seconds);
    }

    synchronized long rowsApplied() {
      return rowsApplied;
    }
  }

}
