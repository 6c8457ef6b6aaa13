package io.cdclake.curate.schema;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.TableContract;
import io.cdclake.curate.change.DataColumn;
import io.cdclake.curate.table.CuratedTableProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Decides how a curated table's schema must change for a batch: new declared columns and newly seen undeclared
 * columns are added (undeclared ones as strings), safe widenings are applied, undeclared columns no table can hold
 * are left out one by one (named in the report), and anything that would lose or reinterpret data becomes a
 * problem that holds the batch back. Pure: it looks at schemas, never at data.
 */
public final class SchemaPlanner {
  /** Names Delta, Glue and Athena all accept without quoting surprises. */
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final String LEFT_OUT = "undeclared column left out of the curated table: ";
  private static final String KEPT = " (its values stay in the raw zone; the rest of each row is applied)";

  private SchemaPlanner() {}

  /**
   * @param contract       the table's contract now
   * @param existing       the curated table as it is, if it exists
   * @param undeclaredSeen keys of {@code _extra_columns} present in the batch
   */
  public static SchemaPlan plan(TableContract contract, Optional<TableShape> existing,
      Collection<String> undeclaredSeen) {
    List<String> problems = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<StructField> additions = new ArrayList<>();
    List<StructField> widenings = new ArrayList<>();
    List<DataColumn> data = new ArrayList<>();

    Map<String, StructField> current = new LinkedHashMap<>();
    existing.ifPresent(t -> {
      for (StructField f : t.schema().fields()) {
        current.put(lower(f.name()), f);
      }
      checkModes(contract, t, problems);
      if (!lowerAll(t.partitionColumns()).equals(lowerAll(contract.partitionBy()))) {
        problems.add("the curated table is partitioned by " + t.partitionColumns() + " but the contract says "
            + contract.partitionBy() + "; repartitioning needs a rebuild of the table (see docs/curate.md)");
      }
    });

    for (ColumnSpec spec : contract.columns()) {
      DataType wanted = DataType.fromDDL(spec.storedType());
      StructField have = current.get(lower(spec.name()));
      if (CuratedColumns.isReserved(spec.name())) {
        problems.add("declared column '" + spec.name() + "' collides with a curate metadata column; rename it in"
            + " the DMS task's table mapping");
        continue;
      }
      if (have == null) {
        if (existing.isPresent()) {
          additions.add(DataTypes.createStructField(spec.name(), wanted, true));
        }
        data.add(new DataColumn(spec.name(), wanted, true));
      } else if (have.dataType().equals(wanted)) {
        data.add(new DataColumn(have.name(), wanted, true));
      } else if (TypeWidening.isSafe(have.dataType(), wanted)) {
        widenings.add(DataTypes.createStructField(have.name(), wanted, true));
        data.add(new DataColumn(have.name(), wanted, true));
      } else {
        problems.add("column '" + spec.name() + "' is " + have.dataType().simpleString()
            + " in the curated table but the contract now declares " + wanted.simpleString()
            + (spec.protection().isPresent() ? " (protected, stored as string)" : "")
            + "; only lossless widenings are applied automatically: restore the previous type in the contract,"
            + " or rebuild the table (see docs/curate.md)");
      }
    }

    // Columns the table already carries without a declaration keep their type; DMS still sends them as text.
    for (StructField f : current.values()) {
      if (contract.column(f.name()).isEmpty() && contract.columns().stream()
          .noneMatch(c -> c.name().equalsIgnoreCase(f.name())) && !CuratedColumns.isReserved(f.name())) {
        data.add(new DataColumn(f.name(), f.dataType(), false));
      }
    }

    for (String name : new TreeSet<>(undeclaredSeen)) {
      String key = lower(name);
      boolean declared = contract.columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(name));
      if (declared && contract.column(name).isPresent()) {
        continue; // older raw files carry it as text; ChangeExtractor falls back to that
      }
      // A column that cannot be curated is left out, alone: holding the batch for it would hold every row of the
      // table on every run, and nothing in the data would ever release them.
      if (declared) {
        skipped.add(LEFT_OUT + "'" + name + "': it differs only in case from a declared column, which Glue and"
            + " Athena cannot tell apart; rename it in the DMS task's table mapping" + KEPT);
      } else if (CuratedColumns.isReserved(name)) {
        skipped.add(LEFT_OUT + "'" + name + "': it collides with a curate metadata or partition column; rename it"
            + " in the DMS task's table mapping" + KEPT);
      } else if (!PLAIN_NAME.matcher(name).matches()) {
        skipped.add(LEFT_OUT + "'" + name + "': it is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*) that Glue"
            + " and Athena can query; rename it in the DMS task's table mapping" + KEPT);
      } else if (!current.containsKey(key) && data.stream().noneMatch(d -> d.name().equalsIgnoreCase(name))) {
        if (existing.isPresent()) {
          additions.add(DataTypes.createStructField(name, DataTypes.StringType, true));
        }
        data.add(new DataColumn(name, DataTypes.StringType, false));
      }
    }

    for (String key : contract.primaryKey()) {
      if (contract.column(key).isEmpty() && data.stream().noneMatch(d -> d.name().equals(key))) {
        problems.add("primary-key column '" + key + "' is not declared and not in the batch; declare it in the"
            + " contract");
      }
    }

    for (StructField meta : CuratedColumns.metadata(contract)) {
      StructField have = current.get(lower(meta.name()));
      if (have == null) {
        if (existing.isPresent()) {
          additions.add(meta);
        }
      } else if (!have.dataType().equals(meta.dataType())) {
        problems.add("metadata column '" + meta.name() + "' is " + have.dataType().simpleString()
            + " in the curated table, expected " + meta.dataType().simpleString());
      }
    }
    return new SchemaPlan(data, additions, widenings, problems, skipped);
  }

  private static void checkModes(TableContract contract, TableShape table, List<String> problems) {
    String deleteMode = CuratedTableProperties.modeName(contract.deleteMode());
    String historyMode = CuratedTableProperties.modeName(contract.historyMode());
    table.property(CuratedTableProperties.DELETE_MODE).filter(m -> !m.equals(deleteMode)).ifPresent(m ->
        problems.add("the curated table was built with deleteMode " + m + " but the contract says " + deleteMode
            + "; changing it needs a rebuild of the table (see docs/curate.md)"));
    table.property(CuratedTableProperties.HISTORY_MODE).filter(m -> !m.equals(historyMode)).ifPresent(m ->
        problems.add("the curated table was built with historyMode " + m + " but the contract says "
            + historyMode + "; changing it needs a rebuild of the table (see docs/curate.md)"));
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static List<String> lowerAll(List<String> names) {
    return names.stream().map(SchemaPlanner::lower).toList();
  }
}
