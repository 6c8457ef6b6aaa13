package io.cdclake.bench.load;

import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.dms.synth.SyntheticTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One table the load generator writes changes for.
 *
 * @param table        the synthetic source table (its key space bounds how many rows it can have)
 * @param weight       share of the records that go to this table, relative to the other tables
 * @param fullLoadRows rows sent as a DMS full load before the changes (0: changes only)
 */
public record TableLoad(SyntheticTable table, double weight, int fullLoadRows) {
  public TableLoad {
    if (!(weight > 0)) {
      throw new IllegalArgumentException("table weight must be positive, was " + weight + " for "
          + table.schema() + "." + table.table());
    }
    if (fullLoadRows < 0) {
      throw new IllegalArgumentException("full-load rows must not be negative, was " + fullLoadRows);
    }
  }

  /** What a table spec looks like, for error messages and help texts. */
  public static final String SPEC = "[relational:|documentdb:]schema.table:keySpace[:weight] or"
      + " dynamodb:table:keySpace[:weight]";

  /**
   * Parses a comma-separated list of table specs ({@link #SPEC}), for example
   * {@code bench.orders:100000:3,dynamodb:checkout-sessions:5000,documentdb:cases.disputes:2000}. A leading
   * {@code dynamodb:} or {@code documentdb:} makes the table one of that database, written in its wire format; a
   * DynamoDB table has no schema, and its name may hold dots.
   */
  public static List<TableLoad> parseList(String spec) {
    List<TableLoad> out = new ArrayList<>();
    for (String item : spec.split(",")) {
      String s = item.trim();
      if (!s.isEmpty()) {
        out.add(parse(s));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no tables given; expected " + SPEC + ",...");
    }
    return out;
  }

  private static TableLoad parse(String s) {
    List<String> parts = new ArrayList<>(List.of(s.split(":", -1)));
    SourceDatabase database = SourceDatabase.RELATIONAL;
    for (SourceDatabase d : SourceDatabase.values()) {
      if (parts.size() > 1 && parts.get(0).equals(d.name().toLowerCase(Locale.ROOT))) {
        database = d;
        parts.remove(0);
        break;
      }
    }
    if (parts.size() < 2 || parts.size() > 3) {
      throw new IllegalArgumentException("table spec '" + s + "' is not " + SPEC);
    }
    String schema;
    String table;
    if (database == SourceDatabase.DYNAMODB) {
      schema = SourceDatabase.DYNAMODB_SCHEMA;
      table = parts.get(0);
    } else {
      String[] name = parts.get(0).split("\\.");
      if (name.length != 2) {
        throw new IllegalArgumentException("table spec '" + s + "' is not " + SPEC);
      }
      schema = name[0];
      table = name[1];
    }
    if (schema.isBlank() || table.isBlank()) {
      throw new IllegalArgumentException("table spec '" + s + "' has an empty name; expected " + SPEC);
    }
    try {
      int keySpace = Integer.parseInt(parts.get(1));
      double weight = parts.size() == 3 ? Double.parseDouble(parts.get(2)) : 1.0;
      return new TableLoad(new SyntheticTable(schema, table, keySpace, database), weight, 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("table spec '" + s + "': key space and weight must be numbers");
    }
  }

  /** The routing key of the table's records ({@code dynamodb.<table>} for DynamoDB). */
  public String sourceId() {
    return table.sourceId();
  }

  public TableLoad withFullLoad(int rows) {
    return new TableLoad(table, weight, rows);
  }
}
