package io.cdclake.catalog.model;

import io.cdclake.catalog.CatalogException;
import io.cdclake.catalog.delta.DeltaTableState;
import io.cdclake.common.config.CatalogFormat;
import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.config.TableContract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;

/**
 * Builds the desired catalog entry of a curated table from its Delta snapshot and its contract. Pure: the same
 * inputs give an equal definition, which is what makes "nothing changed, write nothing" decidable.
 */
public final class TableDefinitions {
  /** Prefix of every property this project owns; anything else on a table belongs to someone else. */
  public static final String PREFIX = "cdclake.";
  public static final String SOURCE = PREFIX + "source";
  public static final String PRIMARY_KEY = PREFIX + "primary_key";
  public static final String OWNER = PREFIX + "owner";
  public static final String DELTA_VERSION = PREFIX + "delta_version";
  public static final String CATALOG_FORMAT = PREFIX + "catalog_format";
  public static final String HISTORY_MODE = PREFIX + "history_mode";
  public static final String DELETE_MODE = PREFIX + "delete_mode";
  public static final String MANAGED_BY = PREFIX + "managed_by";
  public static final String MANAGED_BY_VALUE = "cdclake catalog sync";

  /** Glue's limits, in UTF-8 bytes. */
  static final int MAX_DESCRIPTION = 2048;
  static final int MAX_OWNER = 255;
  static final int MAX_COLUMN_COMMENT = 255;

  private TableDefinitions() {}

  /**
   * The catalog format the table gets: the contract's choice, refused when the Delta table itself uses a feature
   * a symlink manifest cannot represent (whatever the contract says, the log is what Athena would misread).
   */
  public static CatalogFormat format(TableContract contract, DeltaTableState state) {
    CatalogFormat format = contract.catalogFormat();
    if (format == CatalogFormat.MANIFEST && state.deletionVectors()) {
      throw new CatalogException("table " + contract.curatedTable() + ": the Delta table at " + state.path()
          + " has deletion vectors, which a symlink manifest cannot express (Athena would return deleted rows);"
          + " set curated.catalogFormat to 'native' in " + contract.contractFile());
    }
    if (format == CatalogFormat.MANIFEST && state.columnMapping()) {
      throw new CatalogException("table " + contract.curatedTable() + ": the Delta table at " + state.path()
          + " uses column mapping, so its Parquet column names are not the table's; a Hive reader would see"
          + " nulls. Set curated.catalogFormat to 'native' in " + contract.contractFile());
    }
    return format;
  }

  public static TableDefinition build(String database, TableContract contract, DeltaTableState state) {
    CatalogFormat format = format(contract, state);
    String db = Identifiers.normalize(database, "catalog database");
    String table = Identifiers.normalize(contract.curatedTable(), "curated table of " + contract.contractFile());
    String tableLocation = Locations.forCatalog(state.path());

    Map<String, StructField> byLowerName = new HashMap<>();
    List<CatalogColumn> columns = new ArrayList<>();
    java.util.Set<String> partitionNames = state.partitionColumns().stream()
        .map(p -> p.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    for (StructField field : state.schema().fields()) {
      CatalogColumn column = column(field, table);
      if (byLowerName.putIfAbsent(column.name(), field) != null) {
        throw new CatalogException("table " + table + " has two columns named '" + column.name()
            + "' once case is ignored; Glue and Athena fold names to lower case and could not tell them apart");
      }
      if (!partitionNames.contains(column.name())) {
        columns.add(column);
      }
    }
    List<CatalogColumn> partitionKeys = new ArrayList<>();
    for (String p : state.partitionColumns()) {
      StructField field = byLowerName.get(p.toLowerCase(Locale.ROOT));
      if (field == null) {
        throw new CatalogException("table " + table + ": the Delta log partitions by '" + p
            + "', which is not in its schema; the table at " + state.path() + " looks corrupt");
      }
      partitionKeys.add(column(field, table));
    }
    if (columns.isEmpty()) {
      throw new CatalogException("table " + table + " has no column besides its partition columns;"
          + " Hive cannot declare such a table");
    }

    String dataLocation = format == CatalogFormat.MANIFEST ? Locations.manifestRoot(tableLocation) : tableLocation;
    StorageFormat storage = format == CatalogFormat.MANIFEST
        ? StorageFormat.SYMLINK_MANIFEST : StorageFormat.deltaNative(tableLocation);

    return new TableDefinition(db, table, format, tableLocation, dataLocation, storage, columns, partitionKeys,
        truncate(description(contract), MAX_DESCRIPTION), truncate(contract.owner(), MAX_OWNER),
        parameters(contract, format, state.version()), state.version());
  }

  /** The table properties: what an analyst browsing the catalog needs to know about where the rows come from. */
  static SortedMap<String, String> parameters(TableContract contract, CatalogFormat format, long version) {
    SortedMap<String, String> p = new TreeMap<>();
    p.put("EXTERNAL", "TRUE");
    if (format == CatalogFormat.MANIFEST) {
      p.put("classification", "parquet");
    } else {
      p.put("classification", "delta");
      p.put("table_type", "DELTA");
      p.put("spark.sql.sources.provider", "delta");
    }
    p.put(SOURCE, contract.sourceId());
    p.put(PRIMARY_KEY, String.join(",", contract.primaryKey()).toLowerCase(Locale.ROOT));
    p.put(OWNER, contract.owner());
    p.put(DELTA_VERSION, Long.toString(version));
    p.put(CATALOG_FORMAT, format.name().toLowerCase(Locale.ROOT));
    p.put(HISTORY_MODE, contract.historyMode().name().toLowerCase(Locale.ROOT));
    p.put(DELETE_MODE, contract.deleteMode().name().toLowerCase(Locale.ROOT));
    p.put(MANAGED_BY, MANAGED_BY_VALUE);
    return p;
  }

  static String description(TableContract contract) {
    StringBuilder d = new StringBuilder();
    if (!contract.description().isBlank()) {
      d.append(contract.description().trim());
      if (!contract.description().trim().endsWith(".")) {
        d.append('.');
      }
      d.append(' ');
    }
    d.append("Source: ").append(contract.sourceId()).append(" (AWS DMS change data capture).");
    d.append(" Primary key: ").append(String.join(", ", contract.primaryKey())).append('.');
    if (contract.historyMode() == HistoryMode.SCD2) {
      d.append(" History: SCD type 2, one row per version; __is_current marks the latest.");
    } else {
      d.append(" Latest state per key.");
    }
    if (contract.deleteMode() == DeleteMode.SOFT) {
      d.append(" Deleted rows are kept with _deleted = true.");
    }
    d.append(" Owner: ").append(contract.owner()).append('.');
    return d.toString();
  }

  private static CatalogColumn column(StructField field, String table) {
    String where = "column " + field.name() + " of table " + table;
    String name = Identifiers.normalize(field.name(), where);
    Optional<String> comment = field.getComment().isDefined()
        ? Optional.of(truncate(field.getComment().get(), MAX_COLUMN_COMMENT)) : Optional.empty();
    return new CatalogColumn(name, HiveTypes.of(field, table + "." + name, false),
        HiveTypes.of(field, table + "." + name, true), comment);
  }

  /** Cuts to a UTF-8 byte budget without splitting a character. */
  static String truncate(String text, int maxBytes) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return text;
    }
    String ellipsis = "…";
    int budget = maxBytes - ellipsis.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + size > budget) {
        break;
      }
      out.appendCodePoint(cp);
      used += size;
      i += Character.charCount(cp);
    }
    return out + ellipsis;
  }
}
