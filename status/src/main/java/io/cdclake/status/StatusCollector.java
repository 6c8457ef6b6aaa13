package io.cdclake.status;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import io.cdclake.common.concurrent.Tasks;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.ErrorText;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.curate.CuratePaths;
import io.cdclake.curate.runlog.CurateRunLog;
import io.cdclake.ingest.decode.Quarantine;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what {@link LakeStatus} shows from the lake itself, through public Delta APIs only, at a cost bounded by
 * the options and the number of tables, never by the size or age of the lake:
 * <ul>
 *   <li>per table, the row counts of the curated table and of its curate quarantine, which Delta answers from the
 *       file statistics in its log without reading data, and the table's latest commit;
 *   <li>the last days of curate's run log (one partition per day): each table's recent runs, and the newest change
 *       it applied in that window, which is the table's freshness (a maximum over the table's timestamp columns
 *       would read the whole column: Delta answers only counts from its statistics for timestamps);
 *   <li>the raw table's last commits, and ingest's quarantine, grouped once for every table (it only holds what
 *       could not be decoded).
 * </ul>
 */
public final class StatusCollector {
  private static final Logger LOG = LoggerFactory.getLogger(StatusCollector.class);
  private static final String NEWEST_CHANGE = "_newest_change";
  private static final String NEWEST_ARRIVAL = "_newest_arrival";
  private static final List<String> INGEST_OPERATIONS = List.of("WRITE", "STREAMING UPDATE");

  private final SparkSession spark;
  private final PipelineConfig config;
  private final LakePaths paths;
  private final StatusOptions options;

  public StatusCollector(SparkSession spark, PipelineConfig config, StatusOptions options) {
    this.spark = spark;
    this.config = config;
    this.paths = new LakePaths(config.zones());
    this.options = options;
  }

  public LakeStatus collect(Instant now) {
    List<IngestBatch> batches = ingestBatches();
    Optional<Instant> lastIngest = batches.isEmpty() ? Optional.empty()
        : Optional.of(batches.get(batches.size() - 1).committed());
    Map<String, Long> ingestHeld = ingestQuarantine();
    Map<String, List<Row>> runs = recentRuns(now);
    List<TableContract> tables = config.tables();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.parallelism(),
        tables.size())), Tasks.daemonThreads("status"));
    try {
      List<Future<TableStatus>> reads = new ArrayList<>();
      for (TableContract t : tables) {
        reads.add(pool.submit(() -> readOrReport(t, runs.getOrDefault(t.curatedTable(), List.of()),
            ingestHeld.getOrDefault(t.sourceId(), 0L), lastIngest, now)));
      }
      List<TableStatus> out = new ArrayList<>();
      for (Future<TableStatus> read : reads) {
        out.add(Tasks.await(read));
      }
      return new LakeStatus(config.environment(), now, out, batches);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A table the status cannot read is itself a finding, not a reason to show nothing for the others. */
  private TableStatus readOrReport(TableContract contract, List<Row> runs, long ingestHeld,
      Optional<Instant> lastIngest, Instant now) {
    try {
      return table(contract, runs, ingestHeld, lastIngest, now);
    } catch (RuntimeException e) {
      String why = ErrorText.summary(e);
      LOG.warn("Status of {}: cannot read the table: {}", contract.curatedTable(), why);
      return new TableStatus(contract.curatedTable(), contract.sourceId(), Health.FAILING,
          "cannot read the table: " + why, objective(contract).toMinutes(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), -1, ingestHeld, 0, List.of());
    }
  }

  private TableStatus table(TableContract contract, List<Row> runs, long ingestHeld, Optional<Instant> lastIngest,
      Instant now) {
    String path = paths.curatedTable(contract);
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    long rows = -1;
    Optional<Instant> newestChange = Optional.empty();
    Optional<Instant> newestArrival = Optional.empty();
    Optional<Instant> lastCommit = Optional.empty();
    if (exists) {
      rows = spark.read().format("delta").load(path).count();
      lastCommit = Optional.of(DeltaTable.forPath(spark, path).history(1).head().<Timestamp>getAs("timestamp")
          .toInstant());
    }
    if (!runs.isEmpty()) {
      newestChange = instant(runs.get(0), NEWEST_CHANGE);
      newestArrival = instant(runs.get(0), NEWEST_ARRIVAL);
    }
    String held = CuratePaths.quarantine(paths, contract);
    long curateHeld = DeltaTable.isDeltaTable(spark, held) ? spark.read().format("delta").load(held).count() : 0;
    Optional<TableStatus.RunOutcome> lastRun = runs.isEmpty() ? Optional.empty() : Optional.of(outcome(runs.get(0)));
    List<TableStatus.FreshnessPoint> history = new ArrayList<>();
    for (int i = runs.size() - 1; i >= 0; i--) {
      Row run = runs.get(i);
      if (!run.isNullAt(run.fieldIndex(CurateRunLog.FRESHNESS_SECONDS))) {
        history.add(new TableStatus.FreshnessPoint(run.<Timestamp>getAs(CurateRunLog.RUN_STARTED).toInstant(),
            run.<Double>getAs(CurateRunLog.FRESHNESS_SECONDS)));
      }
    }
    java.time.Duration objective = objective(contract);
    HealthRule.Verdict verdict = HealthRule.of(exists, lastRun, newestChange, ingestHeld + curateHeld, lastIngest,
        objective, now);
    return new TableStatus(contract.curatedTable(), contract.sourceId(), verdict.health(), verdict.reason(),
        objective.toMinutes(), newestChange, newestArrival, lastCommit, lastRun, rows, ingestHeld,
        curateHeld, history);
  }

  /** The contract's own objective, else the one the status was given. */
  private java.time.Duration objective(TableContract contract) {
    return contract.freshnessObjectiveMinutes().isPresent()
        ? java.time.Duration.ofMinutes(contract.freshnessObjectiveMinutes().getAsInt())
        : options.freshnessObjective();
  }

  /** The raw table's recent ingest commits (compaction and property changes are not batches), oldest first. */
  private List<IngestBatch> ingestBatches() {
    String raw = paths.rawChanges();
    if (!DeltaTable.isDeltaTable(spark, raw)) {
      return List.of();
    }
    List<IngestBatch> out = new ArrayList<>();
    for (Row r : DeltaTable.forPath(spark, raw).history(options.ingestBatches())
        .filter(col("operation").isin(INGEST_OPERATIONS.toArray()))
        .select(col("version"), col("timestamp"), col("operationMetrics").getItem("numOutputRows"))
        .orderBy("version").collectAsList()) {
      out.add(new IngestBatch(r.getLong(0), r.getTimestamp(1).toInstant(),
          r.isNullAt(2) ? 0 : Long.parseLong(r.getString(2))));
    }
    return out;
  }

  private Map<String, Long> ingestQuarantine() {
    String path = paths.quarantine("ingest");
    Map<String, Long> out = new HashMap<>();
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return out;
    }
    for (Row r : spark.read().format("delta").load(path)
        .groupBy(Quarantine.SCHEMA_NAME, Quarantine.TABLE_NAME).count().collectAsList()) {
      if (!r.isNullAt(0) && !r.isNullAt(1)) {
        out.merge(r.getString(0) + "." + r.getString(1), r.getLong(2), Long::sum);
      }
    }
    return out;
  }

  /** The run log's last runs per table within the window, newest first. */
  private Map<String, List<Row>> recentRuns(Instant now) {
    String path = CurateRunLog.path(paths);
    Map<String, List<Row>> out = new HashMap<>();
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return out;
    }
    java.sql.Date since = java.sql.Date.valueOf(now.atOffset(ZoneOffset.UTC).toLocalDate()
        .minusDays(options.historyDays()));
    var byTable = Window.partitionBy(CurateRunLog.TABLE);
    Dataset<Row> runs = spark.read().format("delta").load(path)
        .filter(col(CurateRunLog.RUN_DATE).geq(lit(since)))
        .withColumn(NEWEST_CHANGE, max(CurateRunLog.NEWEST_SOURCE_CHANGE).over(byTable))
        .withColumn(NEWEST_ARRIVAL, max(CurateRunLog.NEWEST_ARRIVAL).over(byTable))
        .withColumn("_rank", row_number().over(Window.partitionBy(CurateRunLog.TABLE)
            .orderBy(col(CurateRunLog.RUN_STARTED).desc())))
        .filter(col("_rank").leq(options.historyPoints()))
        .orderBy(col(CurateRunLog.TABLE), col("_rank"));
    for (Row r : runs.collectAsList()) {
      out.computeIfAbsent(r.getAs(CurateRunLog.TABLE), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  private static TableStatus.RunOutcome outcome(Row run) {
    return new TableStatus.RunOutcome(run.<Timestamp>getAs(CurateRunLog.RUN_STARTED).toInstant(),
        run.getAs(CurateRunLog.STATUS), run.<Long>getAs(CurateRunLog.RAW_CHANGES),
        run.isNullAt(run.fieldIndex(CurateRunLog.MESSAGES)) ? "" : run.getAs(CurateRunLog.MESSAGES));
  }

  private static Optional<Instant> instant(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? Optional.empty() : Optional.of(r.getTimestamp(i).toInstant());
  }
}
