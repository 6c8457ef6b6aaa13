package io.cdclake.ops.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.ops.aws.FakeClient;
import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;

class AlarmPlannerTest {
  private static final Map<String, String> ENV = Map.of("CDC_LAKE_BUCKET", "lake", "CDC_STREAM_NAME", "dms",
      "CDC_GLUE_DATABASE", "cdc_curated", "CDC_AWS_REGION", "eu-west-1");
  private static final AlarmSettings SETTINGS = new AlarmSettings(Optional.of("arn:aws:sns:eu-west-1:1:oncall"),
      10, 60, 45);

  private static PipelineConfig prod() {
    return new ConfigLoader(ENV).loadEnvironment(ProjectFiles.conf(), "prod");
  }

  /** The alarm as CloudWatch would describe it after {@code request} was put. */
  private static MetricAlarm described(PutMetricAlarmRequest r) {
    return MetricAlarm.builder().alarmName(r.alarmName()).namespace(r.namespace()).metricName(r.metricName())
        .dimensions(r.dimensions()).statistic(r.statistic()).period(r.period()).evaluationPeriods(r.evaluationPeriods())
        .datapointsToAlarm(r.datapointsToAlarm()).comparisonOperator(r.comparisonOperator()).threshold(r.threshold())
        .treatMissingData(r.treatMissingData()).actionsEnabled(r.actionsEnabled()).alarmActions(r.alarmActions())
        .build();
  }

  @Test
  void watchesTheStreamCurateQuarantineAndEveryTablesFreshness() {
    PipelineConfig config = prod();
    Map<String, PutMetricAlarmRequest> alarms = PipelineAlarms.desired(config, SETTINGS);
    assertEquals(5 + config.tables().size(), alarms.size(), alarms.keySet().toString());

    PutMetricAlarmRequest dead = alarms.get("cdclake-prod-ingest-no-batches");
    assertEquals("RecordsIn", dead.metricName());
    assertEquals(10, dead.evaluationPeriods(), "ten one-minute periods without a batch");
    assertEquals("breaching", dead.treatMissingData(), "a dead stream publishes nothing: silence must alarm");
    assertEquals(ComparisonOperator.LESS_THAN_THRESHOLD, dead.comparisonOperator());
    assertEquals("breaching", alarms.get("cdclake-prod-curate-not-running").treatMissingData());
    assertEquals(12, alarms.get("cdclake-prod-curate-not-running").evaluationPeriods(), "60 min in 5-min periods");

    assertEquals(15 * 60.0, alarms.get("cdclake-prod-freshness-payments_payments").threshold(),
        "the contract's own objective wins over the default");
    String table = "payments_cards";
    PutMetricAlarmRequest fresh = alarms.get("cdclake-prod-freshness-" + table);
    assertEquals(45 * 60.0, fresh.threshold());
    assertEquals("notBreaching", fresh.treatMissingData(), "a quiet source publishes no freshness");
    assertEquals(List.of("Job=curate", "Table=" + table),
        fresh.dimensions().stream().map(d -> d.name() + "=" + d.value()).toList());
    assertEquals(List.of("arn:aws:sns:eu-west-1:1:oncall"), fresh.alarmActions());
  }

  @Test
  void putsOnlyWhatDiffersAndNamesAlarmsOfRetiredTables() {
    PipelineConfig config = prod();
    Map<String, PutMetricAlarmRequest> desired = PipelineAlarms.desired(config, SETTINGS);
    MetricAlarm same = described(desired.get("cdclake-prod-curate-failed"));
    MetricAlarm older = described(desired.get("cdclake-prod-ingest-no-batches").toBuilder().evaluationPeriods(30)
        .build());
    MetricAlarm retired = MetricAlarm.builder().alarmName("cdclake-prod-freshness-old_table").build();
    List<String> put = new ArrayList<>();
    FakeClient<CloudWatchClient> cw = FakeClient.of(CloudWatchClient.class)
        .on("describeAlarms", (DescribeAlarmsRequest r) -> r.alarmNamePrefix() != null
            ? DescribeAlarmsResponse.builder().metricAlarms(retired).build()
            : DescribeAlarmsResponse.builder().metricAlarms(List.of(same, older).stream()
                .filter(a -> r.alarmNames().contains(a.alarmName())).toList()).build())
        .on("putMetricAlarm", (PutMetricAlarmRequest r) -> {
          put.add(r.alarmName());
          return null;
        });

    Plan plan = new Plan();
    new AlarmPlanner(cw.client()).plan(plan, config, SETTINGS);

    assertEquals(1, plan.count(Change.Kind.UNCHANGED));
    assertEquals(1, plan.count(Change.Kind.UPDATE));
    assertEquals(desired.size() - 2, plan.count(Change.Kind.CREATE));
    assertTrue(plan.skipped().stream().anyMatch(s -> s.contains("cdclake-prod-freshness-old_table")),
        plan.skipped().toString());
    plan.apply(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    assertEquals(desired.size() - 1, put.size(), "the unchanged alarm is not put again");
    assertTrue(put.contains("cdclake-prod-ingest-no-batches"));
  }
}
