package io.cdclake.catalog.glue;

import io.cdclake.catalog.CatalogException;
import io.cdclake.catalog.SyncAction;
import io.cdclake.catalog.SyncReport;
import io.cdclake.catalog.TableSyncResult;
import io.cdclake.catalog.delta.DeltaTableState;
import io.cdclake.catalog.delta.DeltaTables;
import io.cdclake.catalog.delta.ManifestPartition;
import io.cdclake.catalog.delta.SymlinkManifests;
import io.cdclake.catalog.model.Identifiers;
import io.cdclake.catalog.model.TableDefinition;
import io.cdclake.catalog.model.TableDefinitions;
import io.cdclake.common.config.CatalogFormat;
import io.cdclake.common.pci.ErrorText;
import io.cdclake.common.config.CatalogMode;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.LakePaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Registers curated Delta tables in the Glue Data Catalog: database if missing, one table per contract from the
 * Delta log, and, for manifest tables, one Glue partition per manifest partition directory. Writes only what
 * differs, so a run after a curate that changed nothing makes no write at all.
 */
public final class GlueCatalogSync {
  private static final Logger LOG = LoggerFactory.getLogger(GlueCatalogSync.class);

  private final SparkSession spark;
  private final PipelineConfig config;
  private final GlueCatalog glue;
  private final LakePaths paths;
  private final String database;

  public GlueCatalogSync(SparkSession spark, PipelineConfig config, GlueCatalog glue) {
    this.spark = spark;
    this.config = config;
    this.glue = glue;
    this.paths = new LakePaths(config.zones());
    this.database = Identifiers.normalize(config.catalog().database(), "catalog.database of " + config.sourceFile());
  }

  public SyncReport run(Predicate<TableContract> tables) {
    ensureDatabase();
    List<TableSyncResult> results = new ArrayList<>();
    for (TableContract contract : config.tables()) {
      if (!tables.test(contract)) {
        continue;
      }
      TableSyncResult result;
      try {
        result = sync(contract);
      } catch (RuntimeException e) {
        // One table's problem must not keep the others out of the catalog; the report fails the run at the end.
        String message = ErrorText.summary(e);
        LOG.error("Catalog sync of {} failed: {}", contract.curatedTable(), message);
        result = TableSyncResult.failed(contract.curatedTable(), message);
      }
      if (result.action() != SyncAction.FAILED) {
        LOG.info("Glue {}", result.summary());
      }
      results.add(result);
    }
    return new SyncReport(CatalogMode.GLUE, database, results);
  }

  private void ensureDatabase() {
    if (glue.getDatabase(database).isPresent()) {
      return;
    }
    try {
      glue.createDatabase(GlueRequests.createDatabase(database,
          "Curated CDC tables of the " + config.environment() + " lake, registered by the cdclake catalog sync."));
      LOG.info("Created Glue database {}", database);
    } catch (AlreadyExistsException e) {
      LOG.info("Glue database {} was created concurrently", database);
    }
  }

  TableSyncResult sync(TableContract contract) {
    String path = paths.curatedTable(contract);
    Optional<DeltaTableState> read = DeltaTables.read(spark, path);
    if (read.isEmpty()) {
      return TableSyncResult.skipped(contract.curatedTable(), "no Delta table at " + path + " yet");
    }
    DeltaTableState state = read.get();
    CatalogFormat format = TableDefinitions.format(contract, state);
    String name = Identifiers.normalize(contract.curatedTable(), "curated table of " + contract.contractFile());
    Optional<Table> existing = glue.getTable(database, name);
    existing.ifPresent(t -> requireReplaceable(t, name));

    List<String> notes = new ArrayList<>();
    Configuration hadoopConf = spark.sessionState().newHadoopConf();
    if (format == CatalogFormat.MANIFEST) {
      if (path.toLowerCase(Locale.ROOT).startsWith("s3a://")) {
        LOG.warn("{}: the curated zone is addressed with s3a://, so the manifest lists s3a:// files, which Athena"
            + " cannot open; configure zones.curated with s3:// (EMRFS) for manifest tables", name);
      }
      if (manifestStale(state, existing, hadoopConf)) {
        SymlinkManifests.generate(spark, path);
        notes.add("manifest regenerated");
      }
    }

    TableDefinition def = TableDefinitions.build(database, contract, state);
    SyncAction action = SyncAction.UNCHANGED;
    if (existing.isEmpty()) {
      action = create(def, notes);
    } else {
      TableInput desired = GlueRequests.tableInput(def);
      GlueComparison.Differences differences = GlueComparison.diff(existing.get(), desired);
      if (!differences.none()) {
        glue.updateTable(GlueRequests.updateTable(def, existing.get(), differences.versionOnly()));
        notes.addAll(differences.changes());
        action = SyncAction.UPDATED;
      }
    }

    PartitionChanges partitions = syncPartitions(def, state, existing.isPresent(), hadoopConf);
    if (action == SyncAction.UNCHANGED && partitions.any()) {
      action = SyncAction.UPDATED;
    }
    return new TableSyncResult(name, action, Optional.of(format), state.version(), partitions.added(),
        partitions.updated(), partitions.removed(), notes);
  }

  private SyncAction create(TableDefinition def, List<String> notes) {
    try {
      glue.createTable(GlueRequests.createTable(def));
      return SyncAction.CREATED;
    } catch (AlreadyExistsException e) {
      // Another sync won the race: bring its entry to this definition instead.
      Table existing = glue.getTable(def.database(), def.name())
          .orElseThrow(() -> new CatalogException("Glue reported " + def.name() + " as existing, then as absent"));
      GlueComparison.Differences differences = GlueComparison.diff(existing, GlueRequests.tableInput(def));
      if (differences.none()) {
        return SyncAction.UNCHANGED;
      }
      glue.updateTable(GlueRequests.updateTable(def, existing, differences.versionOnly()));
      notes.addAll(differences.changes());
      return SyncAction.UPDATED;
    }
  }

  /**
   * The manifest must describe the version being registered. Delta rewrites it on each commit only when the table
   * asks for it; otherwise it is regenerated here whenever the table moved since the last sync.
   */
  private static boolean manifestStale(DeltaTableState state, Optional<Table> existing, Configuration conf) {
    if (!SymlinkManifests.exists(conf, state.path())) {
      return true;
    }
    if (state.manifestAutoUpdated()) {
      return false;
    }
    Map<String, String> registered = existing.filter(Table::hasParameters).map(Table::parameters).orElse(Map.of());
    boolean registeredAsManifest = "manifest".equals(registered.get(TableDefinitions.CATALOG_FORMAT));
    return !registeredAsManifest
        || !Long.toString(state.version()).equals(registered.get(TableDefinitions.DELTA_VERSION));
  }

  /** Views and managed tables under our name belong to someone else; replacing them would lose their data. */
  private static void requireReplaceable(Table existing, String name) {
    String type = existing.tableType();
    if (type != null && !type.equalsIgnoreCase(GlueRequests.EXTERNAL_TABLE)) {
      throw new CatalogException("Glue already holds " + type + " " + name + ", which is not an external table;"
          + " the sync replaces only external tables. Drop or rename it, or set curated.table in the contract");
    }
    if (!existing.hasParameters()
        || !TableDefinitions.MANAGED_BY_VALUE.equals(existing.parameters().get(TableDefinitions.MANAGED_BY))) {
      LOG.info("Taking over Glue table {} (not registered by this sync before, e.g. by a crawler)", name);
    }
  }

  private record PartitionChanges(int added, int updated, int removed) {
    boolean any() {
      return added + updated + removed > 0;
    }
  }

  /** Reconciles Glue partitions with the manifest's partition directories. */
  private PartitionChanges syncPartitions(
      TableDefinition def, DeltaTableState state, boolean tableExisted, Configuration conf) {
    Map<List<String>, PartitionInput> desired = new LinkedHashMap<>();
    if (def.format() == CatalogFormat.MANIFEST && def.partitioned()) {
      for (ManifestPartition p : SymlinkManifests.partitions(conf, state.path(), state.partitionColumns())) {
        desired.put(p.values(), GlueRequests.partitionInput(def, p));
      }
    }
    // A native table has no Glue partitions: Athena reads them from the Delta log. Any left from a manifest
    // registration are dropped below, since an empty desired set removes them all.
    List<Partition> existing = tableExisted ? glue.getPartitions(def.database(), def.name()) : List.of();

    List<PartitionInput> toUpdate = new ArrayList<>();
    List<List<String>> toDelete = new ArrayList<>();
    Map<List<String>, PartitionInput> toCreate = new LinkedHashMap<>(desired);
    for (Partition p : existing) {
      PartitionInput want = toCreate.remove(p.values());
      if (want == null) {
        toDelete.add(p.values());
      } else if (!GlueComparison.sameStorage(p.storageDescriptor(), want.storageDescriptor())) {
        toUpdate.add(want);
      }
    }
    for (BatchCreatePartitionRequest r : GlueRequests.createPartitions(def, List.copyOf(toCreate.values()))) {
      glue.batchCreatePartition(r).errors().forEach(e -> tolerate(e.errorDetail(), "AlreadyExistsException",
          "creating partition " + e.partitionValues() + " of " + def.name()));
    }
    for (BatchUpdatePartitionRequest r : GlueRequests.updatePartitions(def, toUpdate)) {
      glue.batchUpdatePartition(r).errors().forEach(e -> tolerate(e.errorDetail(), null,
          "updating partition " + e.partitionValueList() + " of " + def.name()));
    }
    for (BatchDeletePartitionRequest r : GlueRequests.deletePartitions(def.database(), def.name(), toDelete)) {
      glue.batchDeletePartition(r).errors().forEach(e -> tolerate(e.errorDetail(), "EntityNotFoundException",
          "deleting partition " + e.partitionValues() + " of " + def.name()));
    }
    return new PartitionChanges(toCreate.size(), toUpdate.size(), toDelete.size());
  }

  /** A batch error is fatal unless it only says another writer got there first. */
  private static void tolerate(ErrorDetail error, String harmlessCode, String what) {
    if (error != null && harmlessCode != null && harmlessCode.equals(error.errorCode())) {
      return;
    }
    throw new CatalogException("Glue failed " + what + ": "
        + (error == null ? "no detail" : error.errorCode() + " " + error.errorMessage()));
  }
}
