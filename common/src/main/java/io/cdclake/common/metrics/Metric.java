package io.cdclake.common.metrics;

/**
 * One figure of a job: a name, a value and its CloudWatch unit ({@code Count}, {@code Milliseconds},
 * {@code Seconds}).
 */
public record Metric(String name, double value, String unit) {
  public static Metric count(String name, long value) {
    return new Metric(name, value, "Count");
  }

  public static Metric millis(String name, long value) {
    return new Metric(name, value, "Milliseconds");
  }

  public static Metric seconds(String name, double value) {
    return new Metric(name, value, "Seconds");
  }
}
