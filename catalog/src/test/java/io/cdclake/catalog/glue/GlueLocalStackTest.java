package io.cdclake.catalog.glue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The sync against LocalStack's Glue. Runs only where Docker is available (disabled otherwise) and a LocalStack
 * auth token is set, since Glue is in LocalStack's Pro image only.
 */
@Testcontainers(disabledWithoutDocker = true)
class GlueLocalStackTest {
  private static final String IMAGE = System.getenv().getOrDefault("LOCALSTACK_PRO_IMAGE", "localstack/localstack-pro:4.0");
  private static LocalStackContainer localstack;

  @BeforeAll
  static void start() {
    String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
    if (token == null || token.isBlank()) {
      System.out.println("SKIPPED GlueLocalStackTest: Glue needs LocalStack Pro; set LOCALSTACK_AUTH_TOKEN to run it");
    }
    assumeTrue(token != null && !token.isBlank(), "LOCALSTACK_AUTH_TOKEN is not set (Glue is LocalStack Pro only)");
    localstack = new LocalStackContainer(DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("localstack/localstack"))
        .withServices(LocalStackContainer.EnabledService.named("glue"))
        .withEnv("LOCALSTACK_AUTH_TOKEN", token);
    localstack.start();
  }

  @AfterAll
  static void stop() {
    if (localstack != null) {
      localstack.stop();
    }
  }

  @Test
  void syncIsIdempotentAgainstLocalStackGlue() {
    // Test credentials only: LocalStack accepts any; production uses the default provider chain.
    GlueClient client = GlueClient.builder()
        .endpointOverride(URI.create(localstack.getEndpoint().toString()))
        .region(Region.of(localstack.getRegion()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
        .build();
    try (GlueCatalog glue = new SdkGlueCatalog(client)) {
      GlueRoundTrip.run(glue, "cdc_curated", "payments_payments");
    }
  }
}
