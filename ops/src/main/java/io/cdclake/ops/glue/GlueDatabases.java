package io.cdclake.ops.glue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.ops.plan.Json;
import io.cdclake.ops.s3.ZoneBuckets;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.DatabaseInput;

/**
 * The Glue database curated tables are registered in. Its location is the curated zone, so Athena users see
 * where the data lives; the parameters mark it as managed by this pipeline. Parameters someone else added are
 * kept on update.
 */
public final class GlueDatabases {
  public static final String PARAM_ENVIRONMENT = "cdclake.environment";
  public static final String PARAM_MANAGED_BY = "cdclake.managed-by";

  private GlueDatabases() {}

  public static DatabaseInput desired(PipelineConfig config) {
    return DatabaseInput.builder()
        .name(config.catalog().database())
        .description("Curated CDC tables of the cdclake pipeline (" + config.environment() + "): one Delta table"
            + " per replicated source table, see conf/contracts")
        .locationUri(ZoneBuckets.athenaLocation(config.zones().curated()))
        .parameters(Map.of(PARAM_ENVIRONMENT, config.environment(), PARAM_MANAGED_BY, "cdclake provision"))
        .build();
  }

  /** {@code desired} with parameters the existing database has and provisioning does not set kept. */
  public static DatabaseInput forUpdate(Database current, DatabaseInput desired) {
    Map<String, String> parameters = new TreeMap<>(current.parameters());
    parameters.putAll(desired.parameters());
    return desired.toBuilder().parameters(parameters).build();
  }

  public static ObjectNode view(String description, String locationUri, Map<String, String> parameters) {
    ObjectNode n = Json.object();
    n.put("Description", description);
    n.put("LocationUri", locationUri);
    ObjectNode p = n.putObject("Parameters");
    new TreeMap<>(parameters).forEach(p::put);
    return n;
  }

  public static ObjectNode view(DatabaseInput d) {
    return view(d.description(), d.locationUri(), d.parameters());
  }

  public static ObjectNode view(Database d) {
    return view(d.description(), d.locationUri(), d.parameters());
  }
}
