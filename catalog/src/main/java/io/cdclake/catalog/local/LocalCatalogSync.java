package io.cdclake.catalog.local;

import io.cdclake.catalog.CatalogException;
import io.cdclake.catalog.SyncAction;
import io.cdclake.catalog.SyncReport;
import io.cdclake.catalog.TableSyncResult;
import io.cdclake.catalog.delta.DeltaTableState;
import io.cdclake.catalog.delta.DeltaTables;
import io.cdclake.catalog.model.CatalogColumn;
import io.cdclake.catalog.model.Identifiers;
import io.cdclake.catalog.model.TableDefinition;
import io.cdclake.catalog.model.TableDefinitions;
import io.cdclake.common.config.CatalogMode;
import io.cdclake.common.pci.ErrorText;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.LakePaths;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The local stand-in for Glue: registers each curated Delta table in Spark's own session catalog (the embedded
 * metastore of the local run), so the run ends the way an analyst works in Athena, with SQL over table names.
 *
 * <p>Delta keeps no copy of the schema in the metastore (the log is read at query time), so a registered table
 * shows added columns by itself; what the sync keeps current is the location and the same bookkeeping properties
 * as in Glue, written to the metastore only, never to the Delta log.
 */
public final class LocalCatalogSync {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCatalogSync.class);
  /** Fingerprint of the registered schema, so that a schema change shows as an update in the report. */
  static final String SCHEMA_HASH = TableDefinitions.PREFIX + "schema_sha256";

  private final SparkSession spark;
  private final PipelineConfig config;
  private final LakePaths paths;
  private final String database;

  public LocalCatalogSync(SparkSession spark, PipelineConfig config) {
    this.spark = spark;
    this.config = config;
    this.paths = new LakePaths(config.zones());
    this.database = Identifiers.normalize(config.catalog().database(), "catalog.database of " + config.sourceFile());
  }

  public SyncReport run(Predicate<TableContract> tables) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(database)
        + " COMMENT " + literal("Curated CDC tables of the " + config.environment() + " lake (cdclake)"));
    List<TableSyncResult> results = new ArrayList<>();
    for (TableContract contract : config.tables()) {
      if (!tables.test(contract)) {
        continue;
      }
      TableSyncResult result;
      try {
        result = sync(contract);
        LOG.info("Local catalog {}", result.summary());
      } catch (RuntimeException e) {
        String message = ErrorText.summary(e);
        LOG.error("Local catalog sync of {} failed: {}", contract.curatedTable(), message);
        result = TableSyncResult.failed(contract.curatedTable(), message);
      }
      results.add(result);
    }
    return new SyncReport(CatalogMode.LOCAL, database, results);
  }

  private TableSyncResult sync(TableContract contract) {
    String path = paths.curatedTable(contract);
    Optional<DeltaTableState> read = DeltaTables.read(spark, path);
    if (read.isEmpty()) {
      return TableSyncResult.skipped(contract.curatedTable(), "no Delta table at " + path + " yet");
    }
    DeltaTableState state = read.get();
    // Built (and validated) exactly as for Glue, so the local run rejects what Athena would reject.
    TableDefinition def = TableDefinitions.build(database, contract, state);
    URI location = qualified(path);
    Map<String, String> desired = properties(def);
    TableIdentifier ident = new TableIdentifier(def.name(), Option.apply(database));
    SessionCatalog catalog = spark.sessionState().catalog();
    List<String> notes = new ArrayList<>();
    SyncAction action;

    if (!catalog.tableExists(ident)) {
      create(def, location);
      action = SyncAction.CREATED;
    } else {
      CatalogTable existing = metadata(catalog, ident);
      boolean delta = existing.provider().isDefined() && existing.provider().get().equalsIgnoreCase("delta");
      if (!delta || !sameLocation(existing.location(), location)) {
        if (existing.tableType() != CatalogTableType.EXTERNAL()) {
          throw new CatalogException("the local catalog holds a " + existing.tableType().name() + " table "
              + ident.unquotedString() + " that is not the Delta table at " + location + "; dropping it would"
              + " delete its data. Drop or rename it yourself, or set curated.table in the contract");
        }
        spark.sql("DROP TABLE " + Identifiers.qualified(database, def.name()));
        create(def, location);
        notes.add("re-registered: was " + existing.provider().getOrElse(() -> "?") + " at " + existing.location());
        action = SyncAction.UPDATED;
      } else {
        notes.addAll(changes(ours(existing), desired));
        action = notes.isEmpty() ? SyncAction.UNCHANGED : SyncAction.UPDATED;
      }
    }
    if (action != SyncAction.UNCHANGED) {
      setProperties(catalog, ident, desired);
    }
    return new TableSyncResult(def.name(), action, Optional.empty(), state.version(), 0, 0, 0, notes);
  }

  private void create(TableDefinition def, URI location) {
    // The schema comes from the Delta log: CREATE TABLE over an existing location takes it from there.
    spark.sql("CREATE TABLE " + Identifiers.qualified(database, def.name()) + " USING DELTA LOCATION "
        + literal(location.toString()));
  }

  /** The bookkeeping properties, as in Glue, plus a schema fingerprint (Glue keeps the columns themselves). */
  static Map<String, String> properties(TableDefinition def) {
    Map<String, String> p = new TreeMap<>();
    def.parameters().forEach((k, v) -> {
      if (k.startsWith(TableDefinitions.PREFIX)) {
        p.put(k, v);
      }
    });
    StringBuilder schema = new StringBuilder();
    Stream.concat(def.columns().stream(), def.partitionKeys().stream())
        .forEach(c -> schema.append(c.name()).append(' ').append(c.hiveType()).append('\n'));
    schema.append("partitioned by ").append(def.partitionKeys().stream().map(CatalogColumn::name).toList());
    p.put(SCHEMA_HASH, sha256(schema.toString()));
    return p;
  }

  static List<String> changes(Map<String, String> before, Map<String, String> after) {
    List<String> notes = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String key : keys) {
      String b = before.get(key);
      String a = after.get(key);
      if (Objects.equals(a, b)) {
        continue;
      }
      if (key.equals(SCHEMA_HASH)) {
        notes.add(b == null ? "schema recorded" : "schema changed");
      } else if (key.equals(TableDefinitions.DELTA_VERSION)) {
        notes.add("delta version " + (b == null ? "(none)" : b) + " -> " + a);
      } else {
        notes.add("property " + key + (a == null ? " removed" : b == null ? " added" : " changed"));
      }
    }
    return notes;
  }

  private static Map<String, String> ours(CatalogTable table) {
    Map<String, String> out = new TreeMap<>();
    JavaConverters.mapAsJavaMap(table.properties()).forEach((k, v) -> {
      if (k.startsWith(TableDefinitions.PREFIX)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * Writes the properties to the metastore entry only. {@code ALTER TABLE … SET TBLPROPERTIES} would commit them
   * to the Delta log, and the catalog sync must never write to the table it describes.
   */
  private static void setProperties(SessionCatalog catalog, TableIdentifier ident, Map<String, String> desired) {
    CatalogTable t = metadata(catalog, ident);
    Map<String, String> merged = new TreeMap<>();
    JavaConverters.mapAsJavaMap(t.properties()).forEach((k, v) -> {
      if (!k.startsWith(TableDefinitions.PREFIX)) {
        merged.put(k, v);
      }
    });
    merged.putAll(desired);
    scala.collection.immutable.Map<String, String> props = scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> e : merged.entrySet()) {
      props = props.$plus(new scala.Tuple2<>(e.getKey(), e.getValue()));
    }
    catalog.alterTable(t.copy(t.identifier(), t.tableType(), t.storage(), t.schema(), t.provider(),
        t.partitionColumnNames(), t.bucketSpec(), t.owner(), t.createTime(), t.lastAccessTime(), t.createVersion(),
        props, t.stats(), t.viewText(), t.comment(), t.unsupportedFeatures(), t.tracksPartitionsInCatalog(),
        t.schemaPreservesCase(), t.ignoredProperties(), t.viewOriginalText()));
  }

  private static CatalogTable metadata(SessionCatalog catalog, TableIdentifier ident) {
    try {
      return catalog.getTableMetadata(ident);
    } catch (AnalysisException e) {
      throw new CatalogException("cannot read " + ident.unquotedString() + " from the local catalog: "
          + e.getMessage(), e);
    }
  }

  private URI qualified(String path) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(spark.sessionState().newHadoopConf()).makeQualified(p).toUri();
    } catch (IOException e) {
      throw new CatalogException("cannot resolve the curated table path " + path + ": " + e.getMessage(), e);
    }
  }

  /** Same place, however spelled: {@code file:/x}, {@code file:///x} and {@code file:/x/} all name one directory. */
  static boolean sameLocation(URI a, URI b) {
    return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
        && Objects.equals(emptyToNull(a.getAuthority()), emptyToNull(b.getAuthority()))
        && strip(a.getPath()).equals(strip(b.getPath()));
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String strip(String s) {
    return s != null && s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : String.valueOf(s);
  }

  /** A Spark SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
