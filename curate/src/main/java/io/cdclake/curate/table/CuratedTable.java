package io.cdclake.curate.table;

import static org.apache.spark.sql.functions.lit;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.delta.DeltaSnapshot;
import io.cdclake.common.delta.DeltaSnapshots;
import io.cdclake.common.delta.SnapshotCache;
import io.cdclake.curate.schema.CuratedColumns;
import io.cdclake.curate.schema.TableShape;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Delta table of one contract in the curated zone: creation, schema changes, read mode and manifest. */
public final class CuratedTable {
  private static final Logger LOG = LoggerFactory.getLogger(CuratedTable.class);
  static final String MANIFEST_DIR = "_symlink_format_manifest";

  private final SparkSession spark;
  private final TableContract contract;
  private final String path;
  private final Path manifestMarker;
  private final DeltaSnapshots snapshots;
  private final SnapshotCache cache;
  private DeltaSnapshot last;
  /** Every commit since {@link #last} was read changed data only: schema, partitioning, properties are as read. */
  private boolean onlyDataSince;
  /** Created by this object, and no rows committed since: see {@link #createdWithoutRows}. */
  private boolean withoutRows;

  /**
   * @param statePath curate's state directory for the table; it records which version the manifest shows
   */
  public CuratedTable(SparkSession spark, TableContract contract, String path, String statePath) {
    this.spark = spark;
    this.contract = contract;
    this.path = path;
    this.manifestMarker = new Path(statePath, "manifest-version");
    this.snapshots = new DeltaSnapshots(spark);
    this.cache = new SnapshotCache(statePath + "/snapshot.json", spark.sessionState().newHadoopConf());
  }

  public String path() {
    return path;
  }

  public TableContract contract() {
    return contract;
  }

  public boolean exists() {
    return DeltaTable.isDeltaTable(spark, path);
  }

  public DeltaTable delta() {
    return DeltaTable.forPath(spark, path);
  }

  public Dataset<Row> read() {
    return spark.read().format("delta").load(path);
  }

  /** The schema of a new table: declared columns with their stored types, then curate's metadata. */
  public static StructType initialSchema(TableContract contract) {
    StructType schema = new StructType();
    for (ColumnSpec c : contract.columns()) {
      schema = schema.add(c.name(), DataType.fromDDL(c.storedType()), true);
    }
    for (StructField f : CuratedColumns.metadata(contract)) {
      schema = schema.add(f);
    }
    return schema;
  }

  /** Creates the table when it does not exist yet, so the catalog can register it before data arrives. */
  public boolean createIfMissing() {
    if (exists()) {
      return false;
    }
    DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark)
        .location(path)
        .addColumns(initialSchema(contract))
        .comment(contract.description());
    if (!contract.partitionBy().isEmpty()) {
      builder = builder.partitionedBy(contract.partitionBy().toArray(String[]::new));
    }
    for (Map.Entry<String, String> p : CuratedTableProperties.forNewTable(contract).entrySet()) {
      builder = builder.property(p.getKey(), p.getValue());
    }
    builder.execute();
    withoutRows = true;
    LOG.info("Created curated table {} at {} ({} mode, {} deletes, partitioned by {})", contract.curatedTable(),
        path, CuratedTableProperties.modeName(contract.historyMode()),
        CuratedTableProperties.modeName(contract.deleteMode()), contract.partitionBy());
    return true;
  }

  /**
   * The latest snapshot. Asking costs one version check (a one-task Spark job reading the last commit); the
   * schema and table detail are read again only when the version moved since the last call, so the several calls
   * curate makes per batch do not each pay for them.
   */
  private Optional<DeltaSnapshot> snapshot() {
    if (!exists()) {
      return Optional.empty();
    }
    long newest = snapshots.latestVersion(path);
    if (last != null && last.version() != newest && onlyDataSince) {
      // Our own merges since the last read: the metadata is the same, only the version moved.
      last = new DeltaSnapshot(newest, last.schema(), last.partitionColumns(), last.properties(), last.features());
      cache.put(last);
    } else if (last == null || last.version() != newest) {
      Optional<DeltaSnapshot> kept = cache.get(newest);
      if (kept.isPresent()) {
        last = kept.get();
      } else {
        last = snapshots.latest(path, newest);
        cache.put(last);
      }
    }
    onlyDataSince = false;
    return Optional.of(last);
  }

  /**
   * Tells the table that what was committed since its last read changed rows only (a MERGE, an append without
   * schema change), so the next read needs a version check but not the metadata again. Schema evolution, widening
   * and read-mode changes forget the last read instead.
   */
  public void dataCommitted() {
    onlyDataSince = last != null;
    withoutRows = false;
  }

  /**
   * Whether this object created the table and no rows have been committed to it since ({@link #dataCommitted}):
   * a MERGE into it can only insert, so a caller may append what the MERGE would insert, without its join. The
   * first run after a full load and a rebuild's staging table start so; the curate lock keeps other writers off.
   */
  public boolean createdWithoutRows() {
    return withoutRows;
  }

  /**
   * Appends what a MERGE's insert clause would write for {@code rows}: {@code values} by column name (resolved as
   * the MERGE resolves them, without regard to case), cast to the table's types, null for the columns they do not
   * set. For a table {@link #createdWithoutRows}, where a MERGE could only insert. The caller marks the commit
   * ({@link #dataCommitted}) and wraps it in its idempotent-write marker as it would the MERGE.
   */
  public void appendAsInserted(Dataset<Row> rows, Map<String, Column> values) {
    Map<String, Column> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(values);
    List<Column> row = new ArrayList<>();
    for (StructField f : shape().orElseThrow().schema().fields()) {
      row.add(byName.getOrDefault(f.name(), lit(null)).cast(f.dataType()).as(f.name()));
    }
    rows.select(row.toArray(Column[]::new)).write().format("delta").mode("append").save(path);
  }

  private void forgetSnapshot() {
    last = null;
    onlyDataSince = false;
  }

  /**
   * The snapshot this object last read, without a version check: for a caller that knows nothing committed since
   * (a run that applied nothing, under the curate lock); reads it when there is none yet.
   */
  private Optional<DeltaSnapshot> known() {
    return last != null ? Optional.of(last) : snapshot();
  }

  /** {@link #version()} for a caller that knows nothing committed since the last read. */
  public long knownVersion() {
    return known().map(DeltaSnapshot::version).orElse(-1L);
  }

  /** {@link #readMode()} for a caller that knows nothing committed since the last read. */
  public ReadMode knownReadMode() {
    return readMode(known().map(CuratedTable::shape));
  }

  public Optional<TableShape> shape() {
    return snapshot().map(CuratedTable::shape);
  }

  private static TableShape shape(DeltaSnapshot s) {
    return new TableShape(s.schema(), s.partitionColumns(), s.properties());
  }

  /** The latest version, or -1 when the table does not exist yet. */
  public long version() {
    return exists() ? snapshots.latestVersion(path) : -1;
  }

  public ReadMode readMode() {
    return readMode(shape());
  }

  private static ReadMode readMode(Optional<TableShape> shape) {
    String dv = shape.flatMap(s -> s.property(CuratedTableProperties.DELETION_VECTORS)).orElse("false");
    return Boolean.parseBoolean(dv) ? ReadMode.NATIVE_DELTA_ONLY : ReadMode.SYMLINK_MANIFEST;
  }

  /** Adds columns at the end of the schema (one commit). */
  public void addColumns(List<StructField> columns) {
    if (!columns.isEmpty()) {
      forgetSnapshot();
    }
    if (columns.isEmpty()) {
      return;
    }
    String ddl = columns.stream().map(f -> quote(f.name()) + " " + f.dataType().sql())
        .collect(Collectors.joining(", "));
    spark.sql("ALTER TABLE delta." + quote(path) + " ADD COLUMNS (" + ddl + ")");
    LOG.info("Curated table {}: added columns {}", contract.curatedTable(),
        columns.stream().map(f -> f.name() + " " + f.dataType().simpleString()).toList());
  }

  /**
   * Rewrites the table with wider column types (one commit). Delta cannot change a column's type in place
   * without the type-widening table feature, which Athena does not read; a rewrite keeps plain Parquet types.
   */
  public void widen(List<StructField> columns) {
    if (columns.isEmpty()) {
      return;
    }
    forgetSnapshot();
    Dataset<Row> current = read();
    List<Column> projection = new ArrayList<>();
    for (String name : current.columns()) {
      Optional<StructField> wider = columns.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
      Column c = current.col(quote(name));
      projection.add(wider.map(f -> c.cast(f.dataType()).as(name)).orElse(c));
    }
    current.select(projection.toArray(Column[]::new))
        .write().format("delta").mode("overwrite")
        .option("overwriteSchema", "true")
        // Whatever the cluster's default: Delta refuses overwriteSchema under dynamic partition overwrite, and a
        // widening rewrites every partition anyway.
        .option("partitionOverwriteMode", "static")
        .partitionBy(contract.partitionBy().toArray(String[]::new))
        .save(path);
    LOG.info("Curated table {}: rewrote with wider types {}", contract.curatedTable(),
        columns.stream().map(f -> f.name() + " " + f.dataType().simpleString()).toList());
  }

  /**
   * Brings deletion vectors in line with the contract. Turning them on drops the manifest (a stale manifest would
   * show Athena deleted rows); turning them off purges existing vectors, because a manifest cannot be generated
   * while any file has one.
   *
   * @return whether it changed the table
   */
  public boolean alignReadMode() {
    TableShape shape = shape().orElseThrow();
    boolean hasDv = Boolean.parseBoolean(shape.property(CuratedTableProperties.DELETION_VECTORS).orElse("false"));
    String table = "delta." + quote(path);
    if (contract.deletionVectors() && !hasDv) {
      if (shape.property(CuratedTableProperties.SYMLINK_MANIFEST).isPresent()) {
        spark.sql("ALTER TABLE " + table + " UNSET TBLPROPERTIES ('" + CuratedTableProperties.SYMLINK_MANIFEST
            + "')");
      }
      spark.sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('" + CuratedTableProperties.DELETION_VECTORS
          + "' = 'true')");
      delete(new Path(path, MANIFEST_DIR));
      delete(manifestMarker);
      LOG.info("Curated table {}: deletion vectors enabled; manifest removed, readable as native Delta only",
          contract.curatedTable());
      forgetSnapshot();
      return true;
    } else if (!contract.deletionVectors() && hasDv) {
      spark.sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('" + CuratedTableProperties.DELETION_VECTORS
          + "' = 'false')");
      spark.sql("REORG TABLE " + table + " APPLY (PURGE)");
      LOG.info("Curated table {}: deletion vectors disabled and purged; the manifest is generated again",
          contract.curatedTable());
      forgetSnapshot();
      return true;
    }
    return false;
  }

  /**
   * Makes {@code _symlink_format_manifest/} show the current snapshot, unless it already does. Generating once per
   * run (rather than in a hook after every commit) is much cheaper, and between runs the manifest shows the last
   * run's snapshot, whose files VACUUM keeps for its retention. The version it shows is recorded in curate's
   * state, so a run that died between a commit and this step is repaired by the next one.
   *
   * @return whether it was regenerated
   */
  public boolean refreshManifest() {
    return refreshManifest(false);
  }

  /** @param unchanged whether the caller knows nothing committed since the last read (no version check then) */
  public boolean refreshManifest(boolean unchanged) {
    // One snapshot answers both questions: one version check instead of two.
    Optional<DeltaSnapshot> snapshot = unchanged ? known() : snapshot();
    if (snapshot.isEmpty() || readMode(snapshot.map(CuratedTable::shape)) != ReadMode.SYMLINK_MANIFEST) {
      return false;
    }
    long version = snapshot.get().version();
    if (manifestVersion().filter(v -> v == version).isPresent()
        && exists(new Path(path, MANIFEST_DIR))) {
      return false;
    }
    delta().generate("symlink_format_manifest");
    writeManifestVersion(version);
    LOG.info("Curated table {}: manifest regenerated for version {}", contract.curatedTable(), version);
    return true;
  }

  private Optional<Long> manifestVersion() {
    try {
      FileSystem fs = fs(manifestMarker);
      if (!fs.exists(manifestMarker)) {
        return Optional.empty();
      }
      try (FSDataInputStream in = fs.open(manifestMarker)) {
        return Optional.of(Long.parseLong(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()));
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warn("Curated table {}: unreadable manifest marker {}, regenerating: {}", contract.curatedTable(),
          manifestMarker, e.toString());
      return Optional.empty();
    }
  }

  private void writeManifestVersion(long version) {
    try (FSDataOutputStream out = fs(manifestMarker).create(manifestMarker, true)) {
      out.write(Long.toString(version).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the manifest version at " + manifestMarker, e);
    }
  }

  private boolean exists(Path p) {
    try {
      return fs(p).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void delete(Path p) {
    try {
      fs(p).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + p, e);
    }
  }

  private FileSystem fs(Path p) throws IOException {
    return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
