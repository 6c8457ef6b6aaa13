package io.cdclake.curate.maintenance;

import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.ErrorText;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.curate.CuratePaths;
import io.cdclake.curate.merge.Tombstones;
import io.cdclake.curate.table.CuratedTable;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small-files step the schedule runs apart from curation (e.g. daily): OPTIMIZE compacts the many small files
 * frequent merges leave, VACUUM deletes files no snapshot within the retention needs, old tombstones are pruned,
 * and the manifest is regenerated so Athena never lists a vacuumed file. A hard-delete table's tombstones are
 * pruned, compacted and vacuumed alongside.
 *
 * <p>Run it when curate is not running on the same tables: both write, and Delta would make one of them retry.
 * Each table is maintained on a session of its own, so the settings it needs (file size, retention check,
 * listing parallelism) are set for its commands only and never on the session the caller shares.
 */
public final class TableMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);
  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";
  private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private TableMaintenance() {}

  public static MaintenanceReport run(SparkSession spark, PipelineConfig config, MaintenanceOptions options) {
    LakePaths paths = new LakePaths(config.zones());
    List<TableMaintenanceReport> reports = new ArrayList<>();
    for (TableContract contract : config.tables()) {
      if (!options.includes(contract.curatedTable())) {
        continue;
      }
      SparkSession session = spark.newSession();
      CuratedTable table = new CuratedTable(session, contract, paths.curatedTable(contract),
          CuratePaths.state(paths, contract));
      if (!table.exists()) {
        LOG.info("Maintenance: {} has no curated table yet, skipped", contract.curatedTable());
        continue;
      }
      try {
        reports.add(maintain(session, contract, table, paths, options));
      } catch (RuntimeException e) {
        String message = ErrorText.summary(e);
        LOG.error("Maintenance of {} failed: {}\n{}", contract.curatedTable(), message, ErrorText.stackTrace(e));
        reports.add(new TableMaintenanceReport(contract.curatedTable(), 0, 0, 0, 0, false, 0, -1,
            Optional.of(message)));
      }
    }
    MaintenanceReport report = new MaintenanceReport(reports);
    LOG.info("{}", report.summary());
    return report;
  }

  /** @param spark the table's own session: settings made here stay with this table */
  static TableMaintenanceReport maintain(SparkSession spark, TableContract contract, CuratedTable table,
      LakePaths paths, MaintenanceOptions options) {
    long before = numFiles(table.delta());
    long removed = 0;
    long added = 0;
    if (options.optimize()) {
      options.targetFileSizeBytes().ifPresent(b -> spark.conf().set(MAX_FILE_SIZE, b));
      Dataset<Row> metrics = optimize(table.delta(), contract, options.zOrderByKey());
      Row m = metrics.select("metrics.numFilesRemoved", "metrics.numFilesAdded").head();
      removed = m.getLong(0);
      added = m.getLong(1);
    }
    long pruned = 0;
    Optional<Tombstones> tombstones = contract.deleteMode() == DeleteMode.HARD
        ? Optional.of(new Tombstones(spark, CuratePaths.tombstones(paths, contract), contract.primaryKey()))
        : Optional.empty();
    if (tombstones.isPresent()) {
      // In SCD2 a tombstone is the delete event itself: the version chain of its key is rebuilt from it whenever a
      // change of that key arrives, however late, so pruning it would move the old version's end to the next
      // insert and let late news make a deleted key current. Only a latest-state table forgets its deletes.
      if (contract.historyMode() == HistoryMode.LATEST) {
        pruned = tombstones.get().prune(options.tombstoneRetentionHours());
      }
      if (options.optimize() && tombstones.get().exists()) {
        // One small file per batch with deletes adds up too.
        DeltaTable.forPath(spark, tombstones.get().path()).optimize().executeCompaction();
      }
    }
    if (options.vacuum()) {
      if (options.vacuumRetentionHours() < MaintenanceOptions.DELTA_SAFE_RETENTION_HOURS) {
        spark.conf().set(RETENTION_CHECK, "false");
      }
      if (!spark.conf().contains(LISTING_PARALLELISM)) {
        spark.conf().set(LISTING_PARALLELISM, listingParallelism(spark, numFiles(table.delta())));
      }
      table.delta().vacuum(options.vacuumRetentionHours());
      tombstones.filter(Tombstones::exists)
          .ifPresent(t -> DeltaTable.forPath(spark, t.path()).vacuum(options.vacuumRetentionHours()));
    }
    table.refreshManifest();
    TableMaintenanceReport report = new TableMaintenanceReport(contract.curatedTable(), before,
        numFiles(table.delta()), removed, added, options.vacuum(), pruned, table.version(), Optional.empty());
    LOG.info("Maintenance: {}", report.summary());
    return report;
  }

  /**
   * VACUUM lists the table's directories with Spark's partition-discovery parallelism, 10000 tasks by default: right
   * for a huge table on a big cluster, a minute of empty tasks for a small one. Unless the cluster sets it, scale it
   * to the table (about one task per hundred files, at least the default parallelism).
   */
  static long listingParallelism(SparkSession spark, long files) {
    return Math.max(spark.sparkContext().defaultParallelism(), Math.min(10_000L, files / 100));
  }

  private static Dataset<Row> optimize(DeltaTable delta, TableContract contract, boolean zOrder) {
    var optimize = delta.optimize();
    return zOrder ? optimize.executeZOrderBy(contract.primaryKey().toArray(String[]::new))
        : optimize.executeCompaction();
  }

  private static long numFiles(DeltaTable delta) {
    return delta.detail().select("numFiles").head().getLong(0);
  }
}
