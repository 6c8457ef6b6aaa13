package io.cdclake.catalog.athena;

import io.cdclake.catalog.CatalogException;
import io.cdclake.catalog.delta.DeltaTableState;
import io.cdclake.catalog.delta.DeltaTables;
import io.cdclake.catalog.model.CatalogColumn;
import io.cdclake.catalog.model.Identifiers;
import io.cdclake.catalog.model.TableDefinition;
import io.cdclake.catalog.model.TableDefinitions;
import io.cdclake.common.config.CatalogFormat;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.LakePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Athena DDL equivalent to what the sync registers in Glue, for review, for a change ticket, or for a manual
 * registration where the sync cannot run. Read-only: nothing is written to any catalog or table.
 */
public final class AthenaDdl {
  private static final Logger LOG = LoggerFactory.getLogger(AthenaDdl.class);

  private AthenaDdl() {}

  /**
   * The statements registering one table: {@code CREATE EXTERNAL TABLE} over the manifest followed by
   * {@code MSCK REPAIR TABLE} (which loads the partitions) for the manifest format, or Athena's native Delta
   * {@code CREATE EXTERNAL TABLE … TBLPROPERTIES ('table_type'='DELTA')}, which takes columns and partitions from
   * the Delta log.
   */
  public static String forTable(TableDefinition def) {
    return def.format() == CatalogFormat.MANIFEST ? manifest(def) : nativeDelta(def);
  }

  /**
   * Writes {@code <table>.sql} for every curated table that exists, from its Delta log, into {@code outDir}.
   * Contracts without a Delta table yet are skipped with a warning; a table that cannot be declared (a name or
   * type Athena rejects) fails the call after the others were written.
   *
   * @return the files written, in contract order
   */
  public static List<Path> writeAll(SparkSession spark, PipelineConfig config, Path outDir) {
    LakePaths paths = new LakePaths(config.zones());
    List<Path> written = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (TableContract contract : config.tables()) {
      String path = paths.curatedTable(contract);
      try {
        Optional<DeltaTableState> state = DeltaTables.read(spark, path);
        if (state.isEmpty()) {
          LOG.warn("No DDL for {}: no Delta table at {} yet", contract.curatedTable(), path);
          continue;
        }
        written.add(write(TableDefinitions.build(config.catalog().database(), contract, state.get()), outDir));
      } catch (RuntimeException e) {
        errors.add(contract.curatedTable() + ": " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new CatalogException("no DDL for " + errors.size() + " table(s):\n  " + String.join("\n  ", errors));
    }
    return written;
  }

  /** Writes one table's DDL to {@code <outDir>/<table>.sql}. */
  public static Path write(TableDefinition def, Path outDir) {
    Path file = outDir.resolve(def.name() + ".sql");
    try {
      Files.createDirectories(outDir);
      Files.writeString(file, forTable(def), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CatalogException("cannot write " + file + ": " + e.getMessage(), e);
    }
    LOG.info("Wrote Athena DDL of {} ({}) to {}", def.name(), def.format().name().toLowerCase(Locale.ROOT),
        file);
    return file;
  }

  private static String manifest(TableDefinition def) {
    String table = Identifiers.qualified(def.database(), def.name());
    StringBuilder sql = new StringBuilder(header(def));
    sql.append("CREATE EXTERNAL TABLE ").append(table).append(" (\n");
    sql.append(columnList(def.columns())).append("\n)\n");
    sql.append("COMMENT ").append(literal(def.description())).append('\n');
    if (def.partitioned()) {
      sql.append("PARTITIONED BY (\n").append(columnList(def.partitionKeys())).append("\n)\n");
    }
    sql.append("ROW FORMAT SERDE ").append(literal(def.storage().serializationLibrary())).append('\n');
    sql.append("WITH SERDEPROPERTIES ").append(properties(def.storage().serdeParameters())).append('\n');
    sql.append("STORED AS INPUTFORMAT ").append(literal(def.storage().inputFormat())).append('\n');
    sql.append("OUTPUTFORMAT ").append(literal(def.storage().outputFormat())).append('\n');
    sql.append("LOCATION ").append(literal(def.dataLocation())).append('\n');
    // EXTERNAL is what the EXTERNAL keyword already says; Athena sets it itself.
    Map<String, String> props = new TreeMap<>(def.parameters());
    props.remove("EXTERNAL");
    sql.append("TBLPROPERTIES ").append(properties(props)).append(";\n");
    if (def.partitioned()) {
      sql.append("\n-- Loads the partitions from the manifest's partition directories"
          + " (re-run when partitions appear).\n");
      sql.append("MSCK REPAIR TABLE ").append(table).append(";\n");
    }
    return sql.toString();
  }

  private static String nativeDelta(TableDefinition def) {
    StringBuilder sql = new StringBuilder(header(def));
    sql.append("-- Athena reads columns and partitions from the Delta log; at this version they are:\n");
    for (CatalogColumn c : def.columns()) {
      sql.append("--   ").append(c.name()).append(' ').append(c.hiveType()).append('\n');
    }
    for (CatalogColumn c : def.partitionKeys()) {
      sql.append("--   ").append(c.name()).append(' ').append(c.hiveType()).append(" (partition)\n");
    }
    sql.append("CREATE EXTERNAL TABLE ").append(Identifiers.qualified(def.database(), def.name())).append('\n');
    sql.append("LOCATION ").append(literal(def.tableLocation())).append('\n');
    sql.append("TBLPROPERTIES ('table_type'='DELTA');\n");
    return sql.toString();
  }

  private static String header(TableDefinition def) {
    Map<String, String> p = def.parameters();
    return "-- " + def.database() + "." + def.name() + " (" + def.format().name().toLowerCase(Locale.ROOT)
        + " format), from Delta version " + def.deltaVersion() + " of " + def.tableLocation() + "\n"
        + "-- Source " + p.get(TableDefinitions.SOURCE) + ", primary key (" + p.get(TableDefinitions.PRIMARY_KEY)
        + "), owner " + oneLine(def.owner()) + ".\n"
        + (def.format() == CatalogFormat.MANIFEST
            ? "-- The manifest must exist: run the catalog sync (or GENERATE symlink_format_manifest) first.\n"
            : "-- Needs Athena engine version 3.\n")
        + "-- Generated by the cdclake catalog; regenerate it rather than edit it.\n";
  }

  private static String columnList(List<CatalogColumn> columns) {
    StringJoiner out = new StringJoiner(",\n");
    for (CatalogColumn c : columns) {
      out.add("  " + Identifiers.quote(c.name()) + " " + c.ddlType()
          + c.comment().map(text -> " COMMENT " + literal(text)).orElse(""));
    }
    return out.toString();
  }

  private static String properties(Map<String, String> props) {
    StringJoiner out = new StringJoiner(",\n  ", "(\n  ", ")");
    props.forEach((k, v) -> out.add(literal(k) + "=" + literal(v)));
    return out.toString();
  }

  /** A Hive string literal: backslash escapes, as Athena's DDL parser expects. */
  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
  }

  private static String oneLine(String text) {
    return text.replace('\n', ' ').replace('\r', ' ');
  }
}
