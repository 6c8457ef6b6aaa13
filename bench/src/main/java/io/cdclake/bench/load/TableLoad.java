package io.cdclake.bench.load;

import io.cdclake.common.dms.synth.SyntheticTable;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Parses a comma-separated list of {@code schema.table:keySpace[:weight]}, for example
   * {@code bench.orders:100000:3,bench.accounts:5000}.
   */
  public static List<TableLoad> parseList(String spec) {
    List<TableLoad> out = new ArrayList<>();
    for (String item : spec.split(",")) {
      String s = item.trim();
      if (s.isEmpty()) {
        continue;
      }
      String[] parts = s.split(":");
      String[] name = parts[0].split("\\.");
      if (name.length != 2 || name[0].isBlank() || name[1].isBlank() || parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException("table spec '" + s + "' is not schema.table:keySpace[:weight]");
      }
      try {
        int keySpace = Integer.parseInt(parts[1]);
        double weight = parts.length == 3 ? Double.parseDouble(parts[2]) : 1.0;
        out.add(new TableLoad(new SyntheticTable(name[0], name[1], keySpace), weight, 0));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("table spec '" + s + "': key space and weight must be numbers");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no tables given; expected schema.table:keySpace[:weight],...");
    }
    return out;
  }

  public String sourceId() {
    return table.schema() + "." + table.table();
  }

  public TableLoad withFullLoad(int rows) {
    return new TableLoad(table, weight, rows);
  }
}
