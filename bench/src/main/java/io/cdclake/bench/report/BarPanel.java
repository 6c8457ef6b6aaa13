package io.cdclake.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One grouped bar chart of a results sheet: for each category (a rate, a table size) one bar per series (p50, p95,
 * copy-on-write…). A NaN value means "not measured" and draws no bar.
 *
 * @param title      panel title
 * @param unit       unit of the values, shown on the y axis
 * @param categories x-axis groups, in order
 * @param series     series name to one value per category, in legend order
 * @param logScale   logarithmic y axis, for values spanning orders of magnitude
 */
public record BarPanel(String title, String unit, List<String> categories, Map<String, List<Double>> series,
    boolean logScale) {

  public BarPanel {
    categories = List.copyOf(categories);
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : series.entrySet()) {
      if (e.getValue().size() != categories.size()) {
        throw new IllegalArgumentException(title + ": series '" + e.getKey() + "' has " + e.getValue().size()
            + " values for " + categories.size() + " categories");
      }
      copy.put(e.getKey(), Collections.unmodifiableList(new ArrayList<>(e.getValue())));
    }
    series = Collections.unmodifiableMap(copy);
  }

  /** Builds a panel series by series. */
  public static Builder builder(String title, String unit, List<String> categories) {
    return new Builder(title, unit, categories);
  }

  public boolean hasData() {
    return series.values().stream().flatMap(List::stream).anyMatch(v -> v != null && !v.isNaN());
  }

  public static final class Builder {
    private final String title;
    private final String unit;
    private final List<String> categories;
    private final Map<String, List<Double>> series = new LinkedHashMap<>();
    private boolean log;

    private Builder(String title, String unit, List<String> categories) {
      this.title = title;
      this.unit = unit;
      this.categories = categories;
    }

    public Builder series(String name, List<Double> values) {
      series.put(name, values);
      return this;
    }

    public Builder logScale() {
      log = true;
      return this;
    }

    public BarPanel build() {
      return new BarPanel(title, unit, categories, series, log);
    }
  }
}
