package io.cdclake.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.metrics.PhaseTimes;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawView;
import io.cdclake.curate.table.CuratedTable;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes a curated table from its raw history in one pass, and replaces the table with the result in one
 * commit: the repair path after a contract change the incremental runs cannot apply, or after a DMS reload.
 *
 * <p>The raw table is read once, at one version, pruned to the table's partition; all its rows are applied as a
 * single batch (the same change extraction, ordering and merge rules as every run, so the result is the table the
 * runs would have built) into a staging copy; the staging copy then overwrites the curated table in one Delta
 * commit (readers see the old or the new table, and time travel keeps the old one). The table's stream then goes on
 * from the next raw version.
 *
 * <p><b>After a DMS reload</b> ({@code reloadStart}): DMS reloads a table by loading it again in full while it
 * captures the changes made meanwhile. The reload's image is then the truth as of its start: the rebuild keeps the
 * load records from {@code reloadStart} on and the changes committed from {@code reloadStart - overlap} on, and
 * drops everything older. Keys the reload did not load and no later change touched are gone, as they are at the
 * source. A change both reflected in the image and replayed changes nothing (changes carry whole rows, applied in
 * source order); the overlap covers clock skew between DMS and the source. SCD2 tables keep their history instead
 * and refuse a reload rebuild: their past versions are not in the reload.
 */
public final class TableRebuild {
  private static final Logger LOG = LoggerFactory.getLogger(TableRebuild.class);

  private TableRebuild() {}

  /** After a DMS reload that started at {@code start}, with {@code overlap} of changes before it replayed. */
  public record Reload(Instant start, Duration overlap) {}

  /**
   * What a rebuild did.
   *
   * @param rawVersion the raw table version read (the stream goes on after it)
   * @param rawRows    raw rows of the table applied
   * @param rowsBefore rows of the curated table before, -1 when there was none
   * @param rowsAfter  rows after
   * @param applied    the staging run's report (counts, quarantined rows, phase times)
   * @param phases     wall time per phase of the swap that followed it ({@link PhaseTimes})
   * @param millis     wall time
   */
  public record Result(String curatedTable, long rawVersion, long rawRows, long rowsBefore, long rowsAfter,
      TableReport applied, Map<String, Long> phases, long millis) {
    public String summary() {
      return String.format("%s: rebuilt from raw version %d: %d raw row(s) applied, %s rows before, %d after,"
              + " %d quarantined, %.1f s [staging: %s; swap: %s]", curatedTable, rawVersion, rawRows,
          rowsBefore < 0 ? "no table" : Long.toString(rowsBefore), rowsAfter, applied.quarantined(),
          millis / 1000.0, PhaseTimes.render(applied.phaseMillis()), PhaseTimes.render(phases));
    }
  }

  public static Result run(SparkSession spark, PipelineConfig config, TableContract contract,
      Optional<Reload> reload) {
    if (reload.isPresent() && contract.historyMode() == HistoryMode.SCD2) {
      throw new IllegalArgumentException(contract.curatedTable() + " keeps SCD2 history, which a DMS reload does"
          + " not carry: rebuild it without --reload-start (from its whole raw history). Without a rebuild the"
          + " reload's images become versions only of keys that have no change data (they replace earlier load"
          + " images); the image of a key with change history is outranked by it, as in a latest-state table");
    }
    long started = System.currentTimeMillis();
    SparkSession session = spark.newSession();
    LakePaths paths = new LakePaths(config.zones());
    String rawPath = paths.rawChanges();
    if (!DeltaTable.isDeltaTable(session, rawPath)) {
      throw new IllegalStateException("no raw zone at " + rawPath + ": nothing to rebuild " + contract.curatedTable()
          + " from");
    }
    long rawVersion = DeltaTable.forPath(session, rawPath).history(1).head().<Long>getAs("version");
    Dataset<Row> stored = RawView.ofTable(session.read().format("delta").option("versionAsOf", rawVersion)
        .load(rawPath), contract);
    if (reload.isPresent()) {
      stored = stored.where(sinceReload(reload.get()));
    }
    String staging = CuratePaths.rebuildStaging(paths, contract);
    delete(session, staging);
    String stagingTable = staging + "/table";
    String stagingState = staging + "/state";
    TableCurator curator = new TableCurator(session, contract, paths, CurateOptions.defaults(), stagingTable,
        stagingState, staging + "/quarantine");
    TableReport applied = curator.applyAll(stored);
    if (applied.status() == TableReport.Status.FAILED) {
      throw new IllegalStateException(contract.curatedTable() + ": the rebuild could not apply the raw rows: "
          + String.join("; ", applied.messages()) + "; the curated table is unchanged");
    }

    CuratedTable target = new CuratedTable(session, contract, paths.curatedTable(contract),
        CuratePaths.state(paths, contract));
    PhaseTimes phases = PhaseTimes.start();
    long before = target.exists() ? target.read().count() : -1;
    target.createIfMissing();
    phases.end("prepare");
    overwrite(session.read().format("delta").load(stagingTable), contract, paths.curatedTable(contract));
    phases.end("overwrite");
    if (contract.deleteMode() == DeleteMode.HARD) {
      replaceTombstones(session, stagingState + "/" + CuratePaths.TOMBSTONES, CuratePaths.tombstones(paths, contract));
      phases.end("tombstones");
    }
    // Marker first, then the checkpoint: a crash in between leaves a checkpoint that still wins (its replay is a
    // no-op against the rebuilt table), never a missing checkpoint without its marker.
    RebuildMarker.write(session, paths, contract, rawVersion);
    delete(session, CuratePaths.checkpoint(paths, contract));
    phases.end("marker");
    target.refreshManifest();
    phases.end("manifest");
    long after = target.read().count();
    delete(session, staging);
    phases.end("check");
    Result result = new Result(contract.curatedTable(), rawVersion, applied.rawChangesRead(), before, after, applied,
        phases.millis(), System.currentTimeMillis() - started);
    LOG.info("Rebuilt {}", result.summary());
    return result;
  }

  /** Load records of the reload, and changes from the overlap before its start on. */
  static Column sinceReload(Reload reload) {
    Timestamp start = Timestamp.from(reload.start());
    Timestamp changesFrom = Timestamp.from(reload.start().minus(reload.overlap()));
    Column isLoad = col(RawColumns.OP).equalTo(lit(DmsOperation.LOAD.wireName()));
    return isLoad.and(col(RawColumns.DMS_TIMESTAMP).geq(lit(start)))
        .or(org.apache.spark.sql.functions.not(isLoad).and(col(RawColumns.COMMIT_TIMESTAMP).geq(lit(changesFrom))));
  }

  /** One commit: readers see the old table or the new one. Table properties stay; schema and files are replaced. */
  private static void overwrite(Dataset<Row> rows, TableContract contract, String path) {
    DataFrameWriter<Row> w = rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
        .option("partitionOverwriteMode", "static");
    if (!contract.partitionBy().isEmpty()) {
      w = w.partitionBy(contract.partitionBy().toArray(String[]::new));
    }
    w.save(path);
  }

  private static void replaceTombstones(SparkSession spark, String staged, String live) {
    if (DeltaTable.isDeltaTable(spark, staged)) {
      spark.read().format("delta").load(staged).write().format("delta").mode("overwrite")
          .option("overwriteSchema", "true").save(live);
    } else if (DeltaTable.isDeltaTable(spark, live)) {
      Dataset<Row> none = spark.read().format("delta").load(live).limit(0);
      none.write().format("delta").mode("overwrite").save(live);
    }
  }

  private static void delete(SparkSession spark, String location) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(spark.sessionState().newHadoopConf());
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + location, e);
    }
  }
}
