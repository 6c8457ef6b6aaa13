package io.cdclake.ops.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.testing.ProjectFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.DatabaseInput;

class GlueDatabasesTest {
  private final PipelineConfig prod = new ConfigLoader(Map.of("CDC_LAKE_BUCKET", "lake-prod"))
      .loadEnvironment(ProjectFiles.conf(), "prod");

  @Test
  void databaseIsNamedByTheCatalogAndLocatedInTheCuratedZone() {
    DatabaseInput d = GlueDatabases.desired(prod);
    assertEquals("cdc_curated", d.name());
    assertEquals("s3://lake-prod/curated", d.locationUri());
    assertEquals("prod", d.parameters().get(GlueDatabases.PARAM_ENVIRONMENT));
    assertTrue(d.description().contains("prod"));
  }

  @Test
  void updateKeepsParametersOthersSet() {
    Database current = Database.builder().name("cdc_curated").description("old")
        .parameters(Map.of("owner-team", "data-platform", GlueDatabases.PARAM_ENVIRONMENT, "staging")).build();
    DatabaseInput update = GlueDatabases.forUpdate(current, GlueDatabases.desired(prod));
    assertEquals("data-platform", update.parameters().get("owner-team"));
    assertEquals("prod", update.parameters().get(GlueDatabases.PARAM_ENVIRONMENT));
    assertEquals(GlueDatabases.desired(prod).description(), update.description());
  }
}
