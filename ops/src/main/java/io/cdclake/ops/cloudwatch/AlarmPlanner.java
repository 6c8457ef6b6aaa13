package io.cdclake.ops.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Json;
import io.cdclake.ops.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;

/**
 * Plans the pipeline's CloudWatch alarms ({@link PipelineAlarms}): each alarm is compared with the one of the same
 * name, if any, on the fields this project sets, and put only when they differ. Alarms of tables no longer under
 * contract are left alone (deleting an alarm is an operator's decision), and said so.
 */
public final class AlarmPlanner {
  /** DescribeAlarms takes at most 100 names per call. */
  private static final int NAMES_PER_CALL = 100;

  private final CloudWatchClient cloudWatch;

  public AlarmPlanner(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  public void plan(Plan plan, PipelineConfig config, AlarmSettings settings) {
    Map<String, PutMetricAlarmRequest> desired = PipelineAlarms.desired(config, settings);
    Map<String, MetricAlarm> current = describe(new ArrayList<>(desired.keySet()));
    for (Map.Entry<String, PutMetricAlarmRequest> e : desired.entrySet()) {
      PutMetricAlarmRequest want = e.getValue();
      MetricAlarm have = current.get(e.getKey());
      Change change = Change.of("cloudwatch alarm " + e.getKey(), have == null ? null : view(have), view(want),
          () -> cloudWatch.putMetricAlarm(want));
      plan.add(settings.topicArn().isPresent() ? change
          : change.withNote("no --alarm-topic-arn: the alarm changes state but notifies nobody"));
    }
    String tablePrefix = PipelineAlarms.tableAlarmPrefix(config);
    String token = null;
    do {
      var response = cloudWatch.describeAlarms(DescribeAlarmsRequest.builder().alarmNamePrefix(tablePrefix)
          .maxRecords(NAMES_PER_CALL).nextToken(token).build());
      for (MetricAlarm a : response.metricAlarms()) {
        if (!desired.containsKey(a.alarmName())) {
          plan.skip("cloudwatch alarm " + a.alarmName(), "no contract names its table any more; left in place"
              + " (delete it by hand once the table is retired)");
        }
      }
      token = response.nextToken();
    } while (token != null);
  }

  private Map<String, MetricAlarm> describe(List<String> names) {
    Map<String, MetricAlarm> out = new HashMap<>();
    for (int i = 0; i < names.size(); i += NAMES_PER_CALL) {
      List<String> chunk = names.subList(i, Math.min(names.size(), i + NAMES_PER_CALL));
      String token = null;
      do {
        var response = cloudWatch.describeAlarms(DescribeAlarmsRequest.builder().alarmNames(chunk)
            .maxRecords(NAMES_PER_CALL).nextToken(token).build());
        response.metricAlarms().forEach(a -> out.put(a.alarmName(), a));
        token = response.nextToken();
      } while (token != null);
    }
    return out;
  }

  /** The fields the project decides, in one shape for the existing alarm and the request. */
  static JsonNode view(MetricAlarm a) {
    return view(a.namespace(), a.metricName(), a.dimensions().stream().map(d -> d.name() + "=" + d.value())
            .sorted().toList(), a.statisticAsString(), a.period(), a.evaluationPeriods(), a.datapointsToAlarm(),
        a.comparisonOperatorAsString(), a.threshold(), a.treatMissingData(), a.actionsEnabled(), a.alarmActions());
  }

  static JsonNode view(PutMetricAlarmRequest r) {
    return view(r.namespace(), r.metricName(), r.dimensions().stream().map(d -> d.name() + "=" + d.value())
            .sorted().toList(), r.statisticAsString(), r.period(), r.evaluationPeriods(), r.datapointsToAlarm(),
        r.comparisonOperatorAsString(), r.threshold(), r.treatMissingData(), r.actionsEnabled(), r.alarmActions());
  }

  private static JsonNode view(String namespace, String metric, List<String> dimensions, String statistic,
      Integer period, Integer periods, Integer toAlarm, String comparison, Double threshold, String missing,
      Boolean actionsEnabled, List<String> actions) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("metric", namespace + "/" + metric);
    dimensions.forEach(n.putArray("dimensions")::add);
    n.put("statistic", statistic);
    n.put("period", period);
    n.put("evaluationPeriods", periods);
    n.put("datapointsToAlarm", toAlarm);
    n.put("comparison", comparison);
    n.put("threshold", threshold);
    n.put("treatMissingData", missing);
    n.put("actionsEnabled", actionsEnabled);
    actions.forEach(n.putArray("alarmActions")::add);
    return n;
  }
}
