package io.cdclake.ops.dms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.common.config.TableContract;
import io.cdclake.ops.ProvisionException;
import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Json;
import io.cdclake.ops.plan.Plan;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.DescribeEndpointsRequest;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationTasksRequest;
import software.amazon.awssdk.services.databasemigration.model.Endpoint;
import software.amazon.awssdk.services.databasemigration.model.Filter;
import software.amazon.awssdk.services.databasemigration.model.KinesisSettings;
import software.amazon.awssdk.services.databasemigration.model.ModifyEndpointRequest;
import software.amazon.awssdk.services.databasemigration.model.ModifyReplicationTaskRequest;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTask;
import software.amazon.awssdk.services.databasemigration.model.ResourceNotFoundException;

/** Plans the DMS replication task's table mappings and before-image settings, and the Kinesis target endpoint. */
public final class DmsPlanner {
  /** DMS refuses to modify a task in these states. */
  private static final Set<String> BUSY = Set.of("running", "starting", "stopping", "modifying", "creating",
      "deleting", "moving", "testing");

  private final DatabaseMigrationClient dms;

  public DmsPlanner(DatabaseMigrationClient dms) {
    this.dms = dms;
  }

  public void planTask(Plan plan, String taskArn, List<TableContract> contracts, BeforeImageColumns beforeImage) {
    ReplicationTask task = task(taskArn);
    String name = "dms replication task " + task.replicationTaskIdentifier();

    JsonNode currentMappings = Json.parseObject(task.tableMappings(), name + " table mappings");
    JsonNode desiredMappings = DmsTableMappings.build(contracts);
    Change mappings = Change.of(name + ": table mappings (" + contracts.size() + " contracts)", currentMappings,
        desiredMappings, () -> modifyTask(taskArn, b -> b.tableMappings(Json.compact(desiredMappings))));

    JsonNode currentSettings = Json.parseObject(task.replicationTaskSettings(), name + " settings");
    JsonNode desiredSettings = DmsTaskSettings.merged(currentSettings, beforeImage);
    Change settings = Change.of(name + ": task settings " + DmsTaskSettings.SECTION,
        currentSettings.get(DmsTaskSettings.SECTION), desiredSettings.get(DmsTaskSettings.SECTION),
        () -> modifyTask(taskArn, b -> b.replicationTaskSettings(Json.compact(desiredSettings))));

    if (BUSY.contains(task.status())) {
      String note = "the task is " + task.status() + "; DMS only modifies a stopped task: stop it first"
          + " (see docs/operations.md, 'Changing the DMS task')";
      mappings = mappings.kind() == Change.Kind.UNCHANGED ? mappings : mappings.withNote(note);
      settings = settings.kind() == Change.Kind.UNCHANGED ? settings : settings.withNote(note);
    }
    plan.add(mappings).add(settings);
  }

  public void planEndpoint(Plan plan, String endpointArn) {
    Endpoint endpoint = endpoint(endpointArn);
    if (!"kinesis".equalsIgnoreCase(endpoint.engineName())) {
      throw new ProvisionException("DMS endpoint " + endpointArn + " has engine '" + endpoint.engineName()
          + "'; --endpoint-arn must name the Kinesis target endpoint of the replication task");
    }
    KinesisSettings current = endpoint.kinesisSettings();
    KinesisSettings desired = DmsKinesisTarget.desired(current);
    plan.add(Change.of("dms target endpoint " + endpoint.endpointIdentifier() + ": Kinesis settings",
        current == null ? null : DmsKinesisTarget.view(current), DmsKinesisTarget.view(desired),
        () -> dms.modifyEndpoint(ModifyEndpointRequest.builder().endpointArn(endpointArn)
            .kinesisSettings(desired).build())));
  }

  private void modifyTask(String taskArn, java.util.function.UnaryOperator<ModifyReplicationTaskRequest.Builder> set) {
    String status = task(taskArn).status();
    if (BUSY.contains(status)) {
      throw new ProvisionException("DMS task " + taskArn + " is " + status + " and cannot be modified: stop it"
          + " (aws dms stop-replication-task --replication-task-arn " + taskArn + "), run provision again,"
          + " then resume it");
    }
    dms.modifyReplicationTask(set.apply(ModifyReplicationTaskRequest.builder().replicationTaskArn(taskArn)).build());
  }

  private ReplicationTask task(String taskArn) {
    try {
      List<ReplicationTask> tasks = dms.describeReplicationTasks(DescribeReplicationTasksRequest.builder()
          .filters(Filter.builder().name("replication-task-arn").values(taskArn).build())
          .withoutSettings(false).build()).replicationTasks();
      if (!tasks.isEmpty()) {
        return tasks.get(0);
      }
    } catch (ResourceNotFoundException e) {
      // Same answer as an empty list.
    }
    throw new ProvisionException("DMS replication task " + taskArn + " not found in this account and region;"
        + " create the task (source endpoint, Kinesis target endpoint, replication instance) first, then let"
        + " provision manage its mappings and settings");
  }

  private Endpoint endpoint(String endpointArn) {
    try {
      List<Endpoint> endpoints = dms.describeEndpoints(DescribeEndpointsRequest.builder()
          .filters(Filter.builder().name("endpoint-arn").values(endpointArn).build()).build()).endpoints();
      if (!endpoints.isEmpty()) {
        return endpoints.get(0);
      }
    } catch (ResourceNotFoundException e) {
      // Same answer as an empty list.
    }
    throw new ProvisionException("DMS endpoint " + endpointArn + " not found in this account and region");
  }
}
