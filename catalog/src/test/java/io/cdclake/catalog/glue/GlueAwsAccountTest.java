package io.cdclake.catalog.glue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cdclake.common.config.CatalogConfig;
import io.cdclake.common.config.CatalogMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * The sync against a real AWS Glue Data Catalog, opt-in: set {@code CDCLAKE_GLUE_IT_DATABASE} to a scratch
 * database (created if missing) and provide credentials through the default chain ({@code AWS_PROFILE},
 * environment, instance role) and {@code AWS_REGION}. The test registers one table named
 * {@code cdclake_it_<random>} and deletes it afterwards; it never touches other tables.
 */
class GlueAwsAccountTest {
  @Test
  void syncIsIdempotentAgainstAwsGlue() {
    String database = System.getenv("CDCLAKE_GLUE_IT_DATABASE");
    if (database == null || database.isBlank()) {
      System.out.println("SKIPPED GlueAwsAccountTest: set CDCLAKE_GLUE_IT_DATABASE (and AWS credentials/region)"
          + " to run the catalog sync against a real Glue Data Catalog");
    }
    assumeTrue(database != null && !database.isBlank(), "CDCLAKE_GLUE_IT_DATABASE is not set");
    String region = System.getenv().getOrDefault("AWS_REGION", "eu-west-1");
    String table = "cdclake_it_" + Long.toHexString(System.nanoTime());
    try (GlueCatalog glue = SdkGlueCatalog.create(
        new CatalogConfig(CatalogMode.GLUE, database, region, Optional.empty()))) {
      GlueRoundTrip.run(glue, database, table);
    } finally {
      try (GlueClient client = GlueClient.builder().region(Region.of(region)).build()) {
        client.deleteTable(r -> r.databaseName(database).name(table));
      } catch (EntityNotFoundException e) {
        // never created
      }
    }
  }
}
