package io.cdclake.bench.load;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Kinesis clients for the load generator: real AWS through the default credential chain (environment, profile,
 * instance role…), or a local emulator with fixed dummy credentials. The two are separate on purpose: an
 * endpoint override alone (a VPC endpoint) still means real AWS and real credentials.
 */
public final class KinesisClients {
  /** Credentials the emulator accepts; meaningless anywhere else. */
  static final AwsBasicCredentials EMULATOR_CREDENTIALS =
      AwsBasicCredentials.create("kinesisLocalAccessKey", "kinesisLocalSecretKey");

  private KinesisClients() {}

  /** Real AWS in {@code region}, optionally through an endpoint override such as a VPC endpoint. */
  public static KinesisClient aws(String region, Optional<URI> endpoint) {
    return build(region, endpoint, DefaultCredentialsProvider.builder().build());
  }

  /** A local emulator such as {@code kinesis-local}, at {@code endpoint}. */
  public static KinesisClient emulator(String region, URI endpoint) {
    return build(region, Optional.of(endpoint), StaticCredentialsProvider.create(EMULATOR_CREDENTIALS));
  }

  private static KinesisClient build(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
    var builder = KinesisClient.builder()
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(16));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
