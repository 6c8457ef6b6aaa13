package io.cdclake.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One section of benchmark figures: a titled table whose rows are cases (a rate, a table size) and whose columns
 * are metrics with units. Renders as aligned text for the console and as long-format CSV rows.
 */
public final class ResultTable {
  /** A column: metric name and unit ("" for none). */
  public record Column(String name, String unit) {
    String header() {
      return unit.isEmpty() ? name : name + " (" + unit + ")";
    }
  }

  private final String title;
  private final List<Column> columns;
  private final List<String> labels = new ArrayList<>();
  private final List<List<Object>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public ResultTable(String title, List<Column> columns) {
    this.title = title;
    this.columns = List.copyOf(columns);
  }

  public static Column col(String name, String unit) {
    return new Column(name, unit);
  }

  /** Adds a case; values are numbers, text, or null for "not measured". */
  public ResultTable row(String label, Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(title + ": row '" + label + "' has " + values.length + " values for "
          + columns.size() + " columns");
    }
    labels.add(label);
    rows.add(java.util.Arrays.asList(values));
    return this;
  }

  public ResultTable note(String text) {
    notes.add(text);
    return this;
  }

  public String title() {
    return title;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> labels() {
    return List.copyOf(labels);
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The value of {@code column} for the case {@code label}, or null. */
  public Object value(String label, String column) {
    int r = labels.indexOf(label);
    int c = indexOf(column);
    return r < 0 || c < 0 ? null : rows.get(r).get(c);
  }

  private int indexOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  public String render() {
    List<String> headers = new ArrayList<>();
    headers.add("case");
    columns.forEach(c -> headers.add(c.header()));
    List<List<String>> cells = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      List<String> line = new ArrayList<>();
      line.add(labels.get(r));
      rows.get(r).forEach(v -> line.add(format(v)));
      cells.add(line);
    }
    int[] widths = new int[headers.size()];
    for (int i = 0; i < headers.size(); i++) {
      widths[i] = headers.get(i).length();
      for (List<String> line : cells) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("== ").append(title).append(" ==\n");
    appendLine(sb, headers, widths);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    sb.append(rule).append('\n');
    cells.forEach(line -> appendLine(sb, line, widths));
    notes.forEach(n -> sb.append("  note: ").append(n).append('\n'));
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (i > 0) {
        sb.append(" | ");
      }
      // Case labels left-aligned, figures right-aligned.
      sb.append(i == 0 ? pad(cell, widths[i], false) : pad(cell, widths[i], true));
    }
    sb.append('\n');
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }

  /** Figures at a precision a reader can compare: integers as is, small numbers with more digits. */
  static String format(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Integer || v instanceof Long) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d)) {
        return "-";
      }
      double abs = Math.abs(d);
      if (abs >= 1000) {
        return String.format(Locale.ROOT, "%,.0f", d);
      }
      if (abs >= 100) {
        return String.format(Locale.ROOT, "%.1f", d);
      }
      return String.format(Locale.ROOT, "%.2f", d);
    }
    return v.toString();
  }

  /** Long-format CSV lines: {@code section,case,metric,unit,value}. */
  List<List<String>> csvRows() {
    List<List<String>> out = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        Object v = rows.get(r).get(c);
        out.add(List.of(title, labels.get(r), columns.get(c).name(), columns.get(c).unit(),
            v == null ? "" : v instanceof Number n && !(v instanceof Integer || v instanceof Long)
                ? String.format(Locale.ROOT, "%s", n.doubleValue()) : v.toString()));
      }
    }
    return out;
  }
}
