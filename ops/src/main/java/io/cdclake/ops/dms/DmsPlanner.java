package io.cdclake.ops.dms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.TableContract;
import io.cdclake.ops.ProvisionException;
import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Json;
import io.cdclake.ops.plan.Plan;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.DescribeEndpointsRequest;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationTasksRequest;
import software.amazon.awssdk.services.databasemigration.model.DocDbSettings;
import software.amazon.awssdk.services.databasemigration.model.Endpoint;
import software.amazon.awssdk.services.databasemigration.model.Filter;
import software.amazon.awssdk.services.databasemigration.model.KinesisSettings;
import software.amazon.awssdk.services.databasemigration.model.ModifyEndpointRequest;
import software.amazon.awssdk.services.databasemigration.model.ModifyReplicationTaskRequest;
import software.amazon.awssdk.services.databasemigration.model.NestingLevelValue;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTask;
import software.amazon.awssdk.services.databasemigration.model.ResourceNotFoundException;

/**
 * Plans DMS replication tasks' table mappings and before-image settings, the Kinesis target endpoint, and
 * DocumentDB source endpoints. A task replicates the contracts of the kind of database its source endpoint reads
 * ({@link DmsSourceEngine}), so a relational task and a DocumentDB task can share the stream.
 */
public final class DmsPlanner {
  /** DMS refuses to modify a task in these states. */
  private static final Set<String> BUSY = Set.of("running", "starting", "stopping", "modifying", "creating",
      "deleting", "moving", "testing");

  private final DatabaseMigrationClient dms;

  public DmsPlanner(DatabaseMigrationClient dms) {
    this.dms = dms;
  }

  /**
   * Plans the task's mappings and settings for the contracts of the kind of database its source endpoint reads.
   * A DocumentDB source endpoint among {@code managedEndpointArns} is planned by {@link #planEndpoint}; any other
   * is only checked, because records in the wrong mode would not match their contracts.
   *
   * @return the kind of source database the task reads
   */
  public SourceDatabase planTask(Plan plan, String taskArn, List<TableContract> contracts,
      BeforeImageColumns beforeImage, Collection<String> managedEndpointArns) {
    ReplicationTask task = task(taskArn);
    String name = "dms replication task " + task.replicationTaskIdentifier();
    Endpoint source = sourceEndpoint(task);
    SourceDatabase database = DmsSourceEngine.of(source);

    JsonNode currentMappings = Json.parseObject(task.tableMappings(), name + " table mappings");
    JsonNode desiredMappings;
    try {
      desiredMappings = DmsTableMappings.build(contracts, database);
    } catch (IllegalArgumentException e) {
      throw new ProvisionException(name + " reads from source endpoint " + source.endpointIdentifier()
          + " (engine " + source.engineName() + "): " + e.getMessage()
          + "; add the contracts, or pass the task of the database that has them");
    }
    if (database == SourceDatabase.DOCUMENTDB && !managedEndpointArns.contains(source.endpointArn())) {
      requireMode(source, contracts);
    }
    int selected = DmsTableMappings.of(contracts, database).size();
    Change mappings = Change.of(name + ": table mappings (" + selected + " contracts)", currentMappings,
        desiredMappings, () -> modifyTask(taskArn, b -> b.tableMappings(Json.compact(desiredMappings))));
    List<String> undroppable = database == SourceDatabase.DOCUMENTDB
        ? DmsTableMappings.documentModeDrops(contracts) : List.of();
    if (!undroppable.isEmpty()) {
      mappings = mappings.withNote("document mode: DMS sends " + undroppable + " inside _doc and cannot remove"
          + " them; ingest drops them, so they do reach the stream (table mode would let DMS remove them)");
    }

    JsonNode currentSettings = Json.parseObject(task.replicationTaskSettings(), name + " settings");
    JsonNode desiredSettings = DmsTaskSettings.merged(currentSettings, beforeImage);
    Change settings = Change.of(name + ": task settings " + DmsTaskSettings.SECTION,
        currentSettings.get(DmsTaskSettings.SECTION), desiredSettings.get(DmsTaskSettings.SECTION),
        () -> modifyTask(taskArn, b -> b.replicationTaskSettings(Json.compact(desiredSettings))));

    if (BUSY.contains(task.status())) {
      String note = "the task is " + task.status() + "; DMS only modifies a stopped task: stop it first"
          + " (see docs/operations.md, 'Changing the DMS task')";
      mappings = mappings.kind() == Change.Kind.UNCHANGED ? mappings : withNote(mappings, note);
      settings = settings.kind() == Change.Kind.UNCHANGED ? settings : settings.withNote(note);
    }
    plan.add(mappings).add(settings);
    return database;
  }

  /** The Kinesis target endpoint's message settings, or a DocumentDB source endpoint's metadata mode. */
  public void planEndpoint(Plan plan, String endpointArn, List<TableContract> contracts) {
    Endpoint endpoint = endpoint(endpointArn);
    if ("docdb".equalsIgnoreCase(endpoint.engineName())) {
      planDocDb(plan, endpoint, contracts);
      return;
    }
    if (!"kinesis".equalsIgnoreCase(endpoint.engineName())) {
      throw new ProvisionException("DMS endpoint " + endpointArn + " has engine '" + endpoint.engineName()
          + "'; --endpoint-arn must name the Kinesis target endpoint of a replication task, or a DocumentDB"
          + " (docdb) source endpoint");
    }
    KinesisSettings current = endpoint.kinesisSettings();
    KinesisSettings desired = DmsKinesisTarget.desired(current);
    plan.add(Change.of("dms target endpoint " + endpoint.endpointIdentifier() + ": Kinesis settings",
        current == null ? null : DmsKinesisTarget.view(current), DmsKinesisTarget.view(desired),
        () -> dms.modifyEndpoint(ModifyEndpointRequest.builder().endpointArn(endpointArn)
            .kinesisSettings(desired).build())));
  }

  private void planDocDb(Plan plan, Endpoint endpoint, List<TableContract> contracts) {
    DocDbSettings current = endpoint.docDbSettings();
    DocDbSettings desired = DocDbSource.desired(current, DocDbSource.documentMode(endpoint, contracts));
    Change change = Change.of("dms source endpoint " + endpoint.endpointIdentifier() + ": DocumentDB settings",
        DocDbSource.view(endpoint, current), DocDbSource.view(endpoint, desired),
        () -> dms.modifyEndpoint(ModifyEndpointRequest.builder().endpointArn(endpoint.endpointArn())
            .docDbSettings(desired).build()));
    if (change.kind() != Change.Kind.UNCHANGED) {
      change = change.withNote("the metadata mode changes the shape of the collections' records: stop the tasks"
          + " reading this endpoint first, and reload the collections so the raw zone holds one shape");
    }
    plan.add(change);
  }

  /** An endpoint provision does not manage must already be in the contracts' mode. */
  private static void requireMode(Endpoint source, List<TableContract> contracts) {
    boolean documentMode = DocDbSource.documentMode(source, contracts);
    NestingLevelValue actual = DocDbSource.nesting(source.docDbSettings());
    if (actual != DocDbSource.nesting(documentMode)) {
      List<String> files = DocDbSource.contracts(source, contracts).stream().map(TableContract::contractFile)
          .toList();
      throw new ProvisionException("DMS DocumentDB endpoint " + source.endpointIdentifier() + " has NestingLevel "
          + actual + " (" + (actual == NestingLevelValue.NONE ? "document" : "table") + " mode), but the contracts "
          + files + " say source.mode " + (documentMode ? "document" : "table") + "; pass --endpoint-arn "
          + source.endpointArn() + " to let provision set it, or correct the contracts");
    }
  }

  private static Change withNote(Change change, String note) {
    return change.withNote(change.note().map(n -> n + "; ").orElse("") + note);
  }

  private Endpoint sourceEndpoint(ReplicationTask task) {
    if (task.sourceEndpointArn() == null) {
      throw new ProvisionException("DMS replication task " + task.replicationTaskArn() + " names no source"
          + " endpoint; provision needs it to know which contracts the task replicates");
    }
    return endpoint(task.sourceEndpointArn());
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
