package io.cdclake.ops.cloudwatch;

import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.metrics.MetricsSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The alarms that matter for the pipeline, on the metrics the jobs publish (namespace {@value MetricsSink#NAMESPACE}):
 * <ul>
 *   <li>the stream is dead: no ingest batch for N minutes. Missing data is breaching, because a dead stream
 *       publishes nothing; with Kinesis's 24-hour default retention an unnoticed outage becomes data loss;
 *   <li>curate has stopped: no run for N minutes (missing data breaching, for the same reason);
 *   <li>a curate run had a failed table;
 *   <li>quarantine grows, at ingest or at curate (any record held in a 5-minute period);
 *   <li>per table, freshness over the objective after a run. Missing data is not breaching here: a quiet source
 *       publishes no freshness, and a stopped pipeline is caught by the two silence alarms.
 * </ul>
 * Pure: the requests are built from the configuration, so the plan and its tests need no AWS.
 */
public final class PipelineAlarms {
  private static final int FIVE_MINUTES = 300;

  private PipelineAlarms() {}

  /** Every alarm, by name (sorted, so a plan lists them in a stable order). */
  public static Map<String, PutMetricAlarmRequest> desired(PipelineConfig config, AlarmSettings settings) {
    String prefix = "cdclake-" + config.environment() + "-";
    List<PutMetricAlarmRequest> alarms = new ArrayList<>();
    alarms.add(alarm(prefix + "ingest-no-batches", settings,
        "No ingest micro-batch for " + settings.ingestSilenceMinutes() + " min: the stream is down or stuck."
            + " Check the ingest step; it resumes from its checkpoint when restarted.",
        "RecordsIn", Map.of("Job", "ingest"), Statistic.SAMPLE_COUNT, 60, settings.ingestSilenceMinutes(),
        ComparisonOperator.LESS_THAN_THRESHOLD, 1, "breaching"));
    alarms.add(alarm(prefix + "ingest-quarantine", settings,
        "Ingest quarantined records (undecodable or unrouted): see the ingest quarantine table for the reason.",
        "Quarantined", Map.of("Job", "ingest"), Statistic.SUM, FIVE_MINUTES, 1,
        ComparisonOperator.GREATER_THAN_THRESHOLD, 0, "notBreaching"));
    int curatePeriods = Math.max(1, (settings.curateSilenceMinutes() * 60 + FIVE_MINUTES - 1) / FIVE_MINUTES);
    alarms.add(alarm(prefix + "curate-not-running", settings,
        "No curate run for " + settings.curateSilenceMinutes() + " min: check the Airflow schedule and its EMR steps.",
        "TablesCurated", Map.of("Job", "curate"), Statistic.SAMPLE_COUNT, FIVE_MINUTES, curatePeriods,
        ComparisonOperator.LESS_THAN_THRESHOLD, 1, "breaching"));
    alarms.add(alarm(prefix + "curate-failed", settings,
        "A curate run failed for at least one table; `Main status` and the run's report name it and why.",
        "TablesFailed", Map.of("Job", "curate"), Statistic.SUM, FIVE_MINUTES, 1,
        ComparisonOperator.GREATER_THAN_THRESHOLD, 0, "notBreaching"));
    alarms.add(alarm(prefix + "curate-quarantine", settings,
        "Curate held changes in quarantine (schema conflict, mistyped or invalid rows): see `Main status`.",
        "Quarantined", Map.of("Job", "curate"), Statistic.SUM, FIVE_MINUTES, 1,
        ComparisonOperator.GREATER_THAN_THRESHOLD, 0, "notBreaching"));
    for (TableContract t : config.tables()) {
      int objective = t.freshnessObjectiveMinutes(settings.freshnessObjectiveMinutes());
      alarms.add(alarm(tableAlarmPrefix(config) + t.curatedTable(), settings,
          "Curated table " + t.curatedTable() + " is more than " + objective + " min behind its source after a"
              + " curate run.",
          "FreshnessSeconds", Map.of("Job", "curate", "Table", t.curatedTable()), Statistic.MAXIMUM, FIVE_MINUTES,
          1, ComparisonOperator.GREATER_THAN_THRESHOLD, objective * 60.0, "notBreaching"));
    }
    Map<String, PutMetricAlarmRequest> byName = new TreeMap<>();
    alarms.forEach(a -> byName.put(a.alarmName(), a));
    return byName;
  }

  /** Names of the per-table alarms start with this, so the planner finds those of retired tables. */
  static String tableAlarmPrefix(PipelineConfig config) {
    return "cdclake-" + config.environment() + "-freshness-";
  }

  private static PutMetricAlarmRequest alarm(String name, AlarmSettings settings, String description,
      String metric, Map<String, String> dimensions, Statistic statistic, int periodSeconds, int periods,
      ComparisonOperator comparison, double threshold, String missingData) {
    PutMetricAlarmRequest.Builder b = PutMetricAlarmRequest.builder()
        .alarmName(name)
        .alarmDescription(description)
        .namespace(MetricsSink.NAMESPACE)
        .metricName(metric)
        .dimensions(new TreeMap<>(dimensions).entrySet().stream()
            .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build()).toList())
        .statistic(statistic)
        .period(periodSeconds)
        .evaluationPeriods(periods)
        .datapointsToAlarm(periods)
        .comparisonOperator(comparison)
        .threshold(threshold)
        .treatMissingData(missingData)
        .actionsEnabled(settings.topicArn().isPresent());
    settings.topicArn().ifPresent(arn -> b.alarmActions(arn).okActions(arn));
    return b.build();
  }
}
