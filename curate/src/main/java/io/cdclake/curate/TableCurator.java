package io.cdclake.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;

import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.pci.ErrorText;
import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.metrics.PhaseTimes;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawView;
import io.cdclake.curate.change.ChangeExtractor;
import io.cdclake.curate.merge.HistoryMerge;
import io.cdclake.curate.merge.IdempotentTxn;
import io.cdclake.curate.merge.KeyRange;
import io.cdclake.curate.merge.LatestStateMerge;
import io.cdclake.curate.merge.MergeCounts;
import io.cdclake.curate.merge.Tombstones;
import io.cdclake.curate.order.SourceOrder;
import io.cdclake.curate.quarantine.CurateQuarantine;
import io.cdclake.curate.quarantine.CurateQuarantine.ReasonCode;
import io.cdclake.curate.schema.SchemaPlan;
import io.cdclake.curate.schema.SchemaPlanner;
import io.cdclake.curate.schema.TableShape;
import io.cdclake.curate.table.CuratedTable;
import io.cdclake.curate.table.TableConstraints;
import io.cdclake.curate.table.ReadMode;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table's curate run: release rows held for a schema problem that is now solved, merge the raw files that
 * arrived since the last run (a checkpointed file stream, {@code Trigger.AvailableNow}), refresh the manifest.
 *
 * <p>Exactly once across runs: the stream's checkpoint decides which raw files are new; a batch merged but not yet
 * checkpointed when the run died is replayed by the next run, and changes nothing the second time, because every
 * merge only applies changes newer than what the table holds (and carries Delta's idempotent-write marker).
 */
final class TableCurator {
  private static final Logger LOG = LoggerFactory.getLogger(TableCurator.class);
  /** Spark sets this local property, the query's id that survives restarts, on the thread that runs batches. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
  private static final String INVALID_REASON = "__invalid_reason";
  /** Why the curated table's CHECK constraints refuse a row, or null. */
  private static final String REFUSED = "__refused";

  private final SparkSession spark;
  private final TableContract contract;
  private final LakePaths paths;
  private final CurateOptions options;
  private final CuratedTable table;
  private final Optional<Tombstones> tombstones;
  private final CurateQuarantine quarantine;

  private long rawRead;
  /** Micro-batches this run processed, and whether it created or re-moded the table: either may have committed. */
  private int batches;
  private boolean committedOutsideBatches;
  private long quarantined;
  private long released;
  /** Rows from earlier runs still held because the conflict persists. */
  private boolean stillHeld;
  private MergeCounts counts = MergeCounts.NONE;
  /** Where the run's time goes; batches run on the stream's thread while this one waits, never both at once. */
  private final PhaseTimes phases = PhaseTimes.start();
  private final Set<String> messages = new LinkedHashSet<>();
  /** Source time of the newest change this run applied (the table's freshness), or null. */
  private java.time.Instant newestApplied;
  /** Stream arrival time of the newest-arrived change this run applied, or null. */
  private java.time.Instant newestArrival;

  TableCurator(SparkSession spark, TableContract contract, LakePaths paths, CurateOptions options) {
    this(spark, contract, paths, options, paths.curatedTable(contract), CuratePaths.state(paths, contract),
        CuratePaths.quarantine(paths, contract));
  }

  /** A curator writing the table, its state and its quarantine at other places (a rebuild's staging copy). */
  TableCurator(SparkSession spark, TableContract contract, LakePaths paths, CurateOptions options, String tablePath,
      String statePath, String quarantinePath) {
    this.spark = spark;
    this.contract = contract;
    this.paths = paths;
    this.options = options;
    this.table = new CuratedTable(spark, contract, tablePath, statePath);
    this.tombstones = contract.deleteMode() == DeleteMode.HARD
        ? Optional.of(new Tombstones(spark, statePath + "/" + CuratePaths.TOMBSTONES, contract.primaryKey()))
        : Optional.empty();
    this.quarantine = new CurateQuarantine(spark, contract, quarantinePath);
  }

  /**
   * Applies {@code stored} (raw rows in the stored layout, any number of changes per key) as one batch to this
   * curator's table, creating it: the bulk path of a rebuild. No stream, no idempotency marker (the table is new).
   */
  TableReport applyAll(Dataset<Row> stored) {
    table.createIfMissing();
    phases.end("prepare");
    apply(stored, -1, Optional.empty(), true);
    return report(quarantined > 0 ? TableReport.Status.QUARANTINED : TableReport.Status.OK);
  }

  TableReport run() throws StreamingQueryException, TimeoutException {
    LOG.info("Curating {} -> {}", contract.sourceId(), contract.curatedTable());
    committedOutsideBatches = table.createIfMissing();
    committedOutsideBatches |= table.alignReadMode();
    phases.end("prepare");
    phases.time("release", this::releaseHeld);
    String rawPath = paths.rawChanges();
    if (DeltaTable.isDeltaTable(spark, rawPath)) {
      // Delta's streaming source reads the raw table's log from the checkpointed version on: a run costs what
      // arrived since the last one, never a listing of the raw history. The table filter prunes to this table's
      // partition, so other tables' files are never opened.
      var reader = spark.readStream().format("delta").option("maxFilesPerTrigger", options.maxFilesPerBatch());
      Optional<Long> resume = RebuildMarker.startingVersion(spark, paths, contract);
      if (resume.isPresent()) {
        // A rebuild applied the raw table up to this version and dropped the checkpoint: go on from the next.
        LOG.info("Curated table {}: starting from raw version {} (after its rebuild)", contract.curatedTable(),
            resume.get());
        reader = reader.option("startingVersion", resume.get());
      }
      // With the source table's captured DDL, which the report names with what to do (SourceDdl).
      Dataset<Row> mine = RawView.ofTableWithControl(reader.load(rawPath), contract);
      StreamingQuery query = mine
          .writeStream()
          .trigger(Trigger.AvailableNow())
          .option("checkpointLocation", CuratePaths.checkpoint(paths, contract))
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) this::streamBatch)
          .start();
      query.awaitTermination();
      phases.end("stream");
    } else {
      LOG.info("Curated table {}: no raw zone yet at {}", contract.curatedTable(), rawPath);
    }
    phases.restart();
    // A run that ran no batch and released nothing committed nothing: the snapshot read at the start still holds
    // (the curate lock keeps other writers off), so neither the manifest nor the report needs a version check.
    table.refreshManifest(unchanged());
    phases.end("manifest");
    TableReport report = report(quarantined > 0 || stillHeld ? TableReport.Status.QUARANTINED
        : TableReport.Status.OK);
    LOG.info("Curated {}", report.summary());
    return report;
  }

  /** A report of what this run managed, for a table whose run failed part way. */
  TableReport failed(String message) {
    messages.add(message);
    return report(TableReport.Status.FAILED);
  }

  private TableReport report(TableReport.Status status) {
    long version = -1;
    ReadMode mode = contract.deletionVectors() ? ReadMode.NATIVE_DELTA_ONLY : ReadMode.SYMLINK_MANIFEST;
    try {
      if (table.exists()) {
        version = unchanged() ? table.knownVersion() : table.version();
        mode = unchanged() ? table.knownReadMode() : table.readMode();
      }
    } catch (RuntimeException e) {
      LOG.warn("Curated table {}: cannot read its version: {}", contract.curatedTable(), ErrorText.summary(e));
    }
    return new TableReport(contract.curatedTable(), status, rawRead, counts, quarantined, released, version, mode,
        new ArrayList<>(messages), phases.millis(), Optional.ofNullable(newestApplied),
        Optional.ofNullable(newestArrival));
  }

  /** Whether this run has committed nothing to the table so far. */
  private boolean unchanged() {
    return batches == 0 && released == 0 && !committedOutsideBatches;
  }

  private void streamBatch(Dataset<Row> raw, long batchId) {
    batches++;
    phases.end("stream"); // starting the query, planning the batch; later, committing the previous one
    String queryId = raw.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    if (queryId == null) {
      throw new IllegalStateException("no streaming query id on the batch thread; cannot mark merges idempotent");
    }
    IdempotentTxn txn = new IdempotentTxn("cdclake-curate/" + contract.curatedTable() + "/" + queryId, batchId);
    Outcome outcome = apply(raw, batchId, Optional.of(txn), true);
    options.observer().afterMerge(contract, batchId, outcome.counts());
    phases.restart();
  }

  /**
   * Applies rows held for a schema problem or a value that did not fit, once the contract and table take them;
   * the rest stay held.
   */
  private void releaseHeld() {
    Optional<Dataset<Row>> held = quarantine.releasable();
    if (held.isEmpty()) {
      return;
    }
    committedOutsideBatches = true; // applying held rows may evolve or rewrite the table even when none of them applies
    Outcome outcome = apply(held.get(), -1, Optional.empty(), false);
    if (outcome.applied() && outcome.rows() > 0) {
      quarantine.released(outcome.appliedRows());
      released += outcome.rows();
      rawRead += outcome.rows();
      LOG.info("Curated table {}: {} change(s) released from quarantine", contract.curatedTable(),
          outcome.rows());
    }
  }

  /**
   * Plans the schema for a batch of raw rows, evolves the table, holds what cannot apply and merges the rest.
   *
   * @param holdOnConflict whether a schema conflict holds the rows (new data) or leaves them where they are (rows
   *                       already held)
   */
  private record Outcome(boolean applied, long rows, MergeCounts counts, Dataset<Row> appliedRows) {}

  private Outcome apply(Dataset<Row> raw, long batchId, Optional<IdempotentTxn> txn, boolean holdOnConflict) {
    Dataset<Row> typed = RawView.typed(raw, contract);
    Optional<TableShape> shape = table.shape();
    if (shape.isPresent()) {
      typed = typed.withColumn(RawView.TYPE_PROBLEMS, ChangeExtractor.withUndeclaredTypeProblems(
          col(RawView.TYPE_PROBLEMS), contract, shape.get().schema()));
    }
    TableConstraints.Refusal refusal = TableConstraints.of(shape, typed);
    for (String m : refusal.unchecked()) {
      if (messages.add(m)) {
        LOG.warn("Curated table {}: {}", contract.curatedTable(), m);
      }
    }
    Dataset<Row> checked = typed
        .withColumn(INVALID_REASON, ChangeExtractor.invalidReason(contract))
        .withColumn(REFUSED, refusal.reason().orElse(lit(null).cast("string")));
    // Cached without the row image and metadata maps, which the typed columns replace for every later step: they
    // are most of a raw row. Rows to hold keep the stored layout, so they are taken from the uncached rows, which
    // reads the batch again, only when something is held.
    Dataset<Row> rows = checked.drop(RawColumns.DATA, RawColumns.METADATA).persist(StorageLevel.MEMORY_AND_DISK());
    // Control records (the source table's captured DDL) are reported, never applied as rows.
    Column isData = col(RawColumns.RECORD_TYPE).equalTo(lit("data"));
    Dataset<Row> batch = rows.where(isData);
    Dataset<Row> toHold = checked.where(isData);
    // Valid as a change but a declared value does not fit its type: held until the contract takes it.
    Column mistyped = col(INVALID_REASON).isNull().and(col(RawView.TYPE_PROBLEMS).isNotNull());
    // Fits the contract, but the table's own constraints would refuse it in the MERGE: held the same way.
    Column refused = col(INVALID_REASON).isNull().and(col(RawView.TYPE_PROBLEMS).isNull())
        .and(col(REFUSED).isNotNull());
    Column valid = isData.and(col(INVALID_REASON).isNull()).and(not(mistyped)).and(not(refused));
    try {
      // One pass for everything the plan needs to know about the batch.
      Row stats = rows.agg(
          count(when(isData, 1)),
          sum(when(isData.and(col(INVALID_REASON).isNotNull()), 1).otherwise(0)),
          sum(when(isData.and(mistyped), 1).otherwise(0)),
          array_distinct(flatten(collect_set(when(isData, map_keys(col(RawColumns.EXTRA_COLUMNS)))))),
          max(when(valid, SourceOrder.sourceTime())),
          max(when(valid, col(RawColumns.ARRIVAL_TIMESTAMP))),
          collect_list(when(not(isData), struct(col(RawColumns.OP), col(RawColumns.DMS_TIMESTAMP)))),
          sum(when(isData.and(refused), 1).otherwise(0))).head();
      phases.end("stats");
      reportSourceDdl(stats.getList(6));
      long n = stats.getLong(0);
      if (n == 0) {
        return new Outcome(true, 0, MergeCounts.NONE, batch);
      }
      if (holdOnConflict) {
        rawRead += n; // rows released from quarantine count once they apply
      }
      long invalidRows = stats.isNullAt(1) ? 0 : stats.getLong(1);
      long mistypedRows = stats.isNullAt(2) ? 0 : stats.getLong(2);
      long refusedRows = stats.isNullAt(7) ? 0 : stats.getLong(7);
      List<String> undeclared = stats.getList(3);
      java.sql.Timestamp newest = stats.isNullAt(4) ? null : stats.getTimestamp(4);
      java.sql.Timestamp arrived = stats.isNullAt(5) ? null : stats.getTimestamp(5);
      SchemaPlan plan = SchemaPlanner.plan(contract, shape, undeclared);
      if (!plan.compatible()) {
        if (holdOnConflict) {
          quarantined += quarantine.hold(toHold, ReasonCode.SCHEMA, lit(plan.problemText()), batchId,
              txn.map(t -> t.forTable("quarantine-schema")));
          messages.add(plan.problemText());
        } else {
          stillHeld = true;
          messages.add("changes held by an earlier run are still held: " + plan.problemText());
        }
        LOG.warn("Curated table {}: batch {} not applied: {}", contract.curatedTable(), batchId,
            plan.problemText());
        return new Outcome(false, n, MergeCounts.NONE, batch.limit(0));
      }
      for (String left : plan.skipped()) {
        if (messages.add(left)) {
          LOG.warn("Curated table {}: {}", contract.curatedTable(), left);
        }
      }
      table.widen(plan.widenings());
      table.addColumns(plan.additions());
      phases.end("schema");

      if (holdOnConflict && invalidRows > 0) {
        quarantined += quarantine.hold(toHold.filter(col(INVALID_REASON).isNotNull()), ReasonCode.INVALID_ROW,
            col(INVALID_REASON), batchId, txn.map(t -> t.forTable("quarantine-invalid")));
        messages.add("raw rows that cannot be applied were held in quarantine (" + quarantine.path() + ")");
      }
      if (mistypedRows > 0) {
        if (holdOnConflict) {
          quarantined += quarantine.hold(toHold.filter(mistyped), ReasonCode.TYPE_MISMATCH,
              col(RawView.TYPE_PROBLEMS), batchId, txn.map(t -> t.forTable("quarantine-type")));
          messages.add("values that do not fit the contract's types were held in quarantine until the contract"
              + " is fixed (" + quarantine.path() + ")");
        } else {
          stillHeld = true;
          messages.add("changes held by an earlier run still do not fit the contract's types");
        }
      }
      if (refusedRows > 0) {
        if (holdOnConflict) {
          quarantined += quarantine.hold(toHold.filter(refused), ReasonCode.CONSTRAINT, col(REFUSED), batchId,
              txn.map(t -> t.forTable("quarantine-constraint")));
          messages.add("changes the curated table's CHECK constraints refuse were held in quarantine until the"
              + " constraint is dropped or changed (" + quarantine.path() + ")");
        } else {
          stillHeld = true;
          messages.add("changes held by an earlier run are still refused by the curated table's CHECK constraints");
        }
      }
      phases.end("hold");
      Dataset<Row> applicable = batch.filter(valid);
      ChangeExtractor extractor = new ChangeExtractor(contract, plan.dataColumns());
      Dataset<Row> changes = extractor.extract(applicable);
      // From the change rows, not the raw rows: a key change also deletes the old key of its before image.
      Optional<KeyRange> range = KeyRange.of(changes, contract.primaryKey().get(0));
      phases.end("range");
      MergeCounts c = contract.historyMode() == HistoryMode.SCD2
          ? new HistoryMerge(spark, table, tombstones, phases).apply(changes, plan.dataColumns(), txn, range)
          : new LatestStateMerge(spark, table, tombstones, phases).apply(changes, plan.dataColumns(), txn, range);
      table.dataCommitted();
      counts = counts.plus(c);
      if (newest != null && (newestApplied == null || newest.toInstant().isAfter(newestApplied))) {
        newestApplied = newest.toInstant();
      }
      if (arrived != null && (newestArrival == null || arrived.toInstant().isAfter(newestArrival))) {
        newestArrival = arrived.toInstant();
      }
      long applied = n - invalidRows - mistypedRows - refusedRows;
      LOG.info("Curated table {} batch {}: {} raw change(s): {} inserted, {} updated, {} deleted, {} late ignored,"
              + " {} late backfilled, {} already applied", contract.curatedTable(), batchId, n, c.inserted(),
          c.updated(), c.deleted(), c.lateIgnored(), c.lateBackfilled(), c.alreadyApplied());
      return new Outcome(true, applied, c, applicable);
    } finally {
      rows.unpersist();
    }
  }

  private void reportSourceDdl(List<Row> controlRecords) {
    for (Row r : controlRecords) {
      java.sql.Timestamp at = r.getTimestamp(1);
      SourceDdl ddl = new SourceDdl(String.valueOf(r.getString(0)), contract.sourceId(),
          at == null ? null : at.toInstant());
      String message = ddl.message(contract.curatedTable());
      if (!ddl.needsAction()) {
        LOG.info("Curated table {}: {}", contract.curatedTable(), message);
      } else if (messages.add(message)) {
        LOG.warn("Curated table {}: {}", contract.curatedTable(), message);
      }
    }
  }

}
