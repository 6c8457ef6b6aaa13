package io.cdclake.ops.glue;

import io.cdclake.common.config.PipelineConfig;
import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Plan;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.DatabaseInput;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetDatabaseRequest;
import software.amazon.awssdk.services.glue.model.UpdateDatabaseRequest;

/** Plans the Glue database of the curated tables (the tables themselves are catalog sync's job). */
public final class GluePlanner {
  private final GlueClient glue;

  public GluePlanner(GlueClient glue) {
    this.glue = glue;
  }

  public void plan(Plan plan, PipelineConfig config) {
    DatabaseInput desired = GlueDatabases.desired(config);
    String resource = "glue database " + desired.name();
    Database current;
    try {
      current = glue.getDatabase(GetDatabaseRequest.builder().name(desired.name()).build()).database();
    } catch (EntityNotFoundException e) {
      plan.add(Change.of(resource, null, GlueDatabases.view(desired),
          () -> glue.createDatabase(CreateDatabaseRequest.builder().databaseInput(desired).build())));
      return;
    }
    DatabaseInput update = GlueDatabases.forUpdate(current, desired);
    plan.add(Change.of(resource, GlueDatabases.view(current), GlueDatabases.view(update),
        () -> glue.updateDatabase(UpdateDatabaseRequest.builder().name(desired.name()).databaseInput(update).build())));
  }
}
