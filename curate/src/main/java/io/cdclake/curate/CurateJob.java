package io.cdclake.curate;

import io.cdclake.common.concurrent.Tasks;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.ErrorText;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.curate.runlog.CurateRunLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled curate job: for every table contract, apply the raw-zone changes that arrived since the last
 * successful run to the table's Delta table in the curated zone.
 *
 * <p>Tables are independent and run concurrently, at most {@link CurateOptions#parallelism()} at a time. Each runs
 * on a session of its own ({@link SparkSession#newSession()}: same cluster and caches, its own SQL settings), so
 * per-table settings such as Delta's idempotent-write markers can never leak into another table's commit, and
 * in a Spark scheduler pool of its worker, so one big table's jobs do not queue every small table behind them
 * (the pools share the cluster fairly when the application runs with {@code spark.scheduler.mode=FAIR}). One
 * table's failure is reported and the others still run.
 */
public final class CurateJob {
  private static final Logger LOG = LoggerFactory.getLogger(CurateJob.class);
  static final String SCHEDULER_POOL = "spark.scheduler.pool";

  private CurateJob() {}

  public static CurateReport run(SparkSession spark, PipelineConfig config) {
    return run(spark, config, CurateOptions.defaults());
  }

  public static CurateReport run(SparkSession spark, PipelineConfig config, CurateOptions options) {
    LakePaths paths = new LakePaths(config.zones());
    Instant started = Instant.now();
    List<TableContract> selected = config.tables().stream()
        .filter(c -> options.includes(c.curatedTable()))
        .toList();
    int workers = Math.max(1, Math.min(options.parallelism(), selected.size()));
    LOG.info("Curating {} table(s), {} at a time", selected.size(), workers);
    ExecutorService pool = Executors.newFixedThreadPool(workers, Tasks.daemonThreads("curate"));
    List<TableReport> reports = new ArrayList<>();
    try {
      List<Future<TableReport>> runs = new ArrayList<>();
      for (TableContract contract : selected) {
        runs.add(pool.submit(() -> curate(spark, contract, paths, options)));
      }
      for (Future<TableReport> run : runs) {
        // A table's exceptions become its report: only an Error gets through, and the JVM is not fit to go on.
        TableReport table = Tasks.await(run);
        reports.add(table);
        Instant now = Instant.now();
        options.metrics().emit(Map.of("Job", "curate", "Table", table.curatedTable()), table.metrics(now), now);
      }
    } finally {
      pool.shutdownNow();
    }
    CurateReport report = new CurateReport(reports);
    LOG.info("{}", report.summary());
    Instant finished = Instant.now();
    options.metrics().emit(Map.of("Job", "curate"), report.metrics(java.time.Duration.between(started, finished)),
        finished);
    record(spark, paths, started, report);
    return report;
  }

  /**
   * Appends the run to the run log. The tables are already curated; a log that cannot be written costs the status
   * page one run, so it is a warning (the run's figures are in the log line above and the metrics), not a failure.
   */
  private static void record(SparkSession spark, LakePaths paths, Instant started, CurateReport report) {
    if (report.tables().isEmpty()) {
      return;
    }
    String runId = started + "/" + java.util.UUID.randomUUID();
    try {
      CurateRunLog.append(spark, paths, CurateRunLog.rows(runId, started, Instant.now(), report.tables()));
    } catch (RuntimeException e) {
      LOG.warn("Curate run {} could not be added to the run log at {}: {}", runId, CurateRunLog.path(paths),
          ErrorText.summary(e));
    }
  }

  /** One table on a worker thread; never throws for the table's own failure, which goes into its report. */
  private static TableReport curate(SparkSession spark, TableContract contract, LakePaths paths,
      CurateOptions options) {
    SparkContext sc = spark.sparkContext();
    // Local properties are inherited by threads started from this one, so the stream's batch thread runs its
    // jobs in this pool too.
    sc.setLocalProperty(SCHEDULER_POOL, Thread.currentThread().getName());
    TableCurator curator = new TableCurator(spark.newSession(), contract, paths, options);
    try {
      return curator.run();
    } catch (Exception e) {
      Throwable cause = e instanceof StreamingQueryException sqe && sqe.cause() != null ? sqe.cause() : e;
      String message = ErrorText.summary(e);
      // Not the exception itself as the logger's last argument: the logger would print its messages unscrubbed.
      LOG.error("Curated table {} failed; its unfinished batch is replayed by the next run: {}\n{}",
          contract.curatedTable(), message, ErrorText.stackTrace(cause));
      return curator.failed(message);
    } finally {
      sc.setLocalProperty(SCHEDULER_POOL, null);
    }
  }
}
