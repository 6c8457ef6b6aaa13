package io.cdclake.ops.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients provisioning talks to, created on first use with the default credential chain (the instance
 * profile on EMR, a profile or environment variables on a workstation). An endpoint override points every
 * client at an emulator such as LocalStack; S3 then uses path-style addressing, which emulators need.
 */
public final class AwsClients implements AutoCloseable {
  private final Lazy<DatabaseMigrationClient> dms;
  private final Lazy<S3Client> s3;
  private final Lazy<GlueClient> glue;
  private final Lazy<KinesisClient> kinesis;
  private final Lazy<CloudWatchClient> cloudWatch;
  private final Lazy<DynamoDbClient> dynamoDb;

  private AwsClients(Supplier<DatabaseMigrationClient> dms, Supplier<S3Client> s3, Supplier<GlueClient> glue,
      Supplier<KinesisClient> kinesis, Supplier<CloudWatchClient> cloudWatch, Supplier<DynamoDbClient> dynamoDb) {
    this.dms = new Lazy<>(dms);
    this.s3 = new Lazy<>(s3);
    this.glue = new Lazy<>(glue);
    this.kinesis = new Lazy<>(kinesis);
    this.cloudWatch = new Lazy<>(cloudWatch);
    this.dynamoDb = new Lazy<>(dynamoDb);
  }

  public static AwsClients create(String region, Optional<String> endpointUrl) {
    Region r = Region.of(region);
    Optional<URI> endpoint = endpointUrl.map(URI::create);
    return new AwsClients(
        () -> configure(DatabaseMigrationClient.builder(), r, endpoint).build(),
        () -> configure(S3Client.builder(), r, endpoint).forcePathStyle(endpoint.isPresent()).build(),
        () -> configure(GlueClient.builder(), r, endpoint).build(),
        () -> configure(KinesisClient.builder(), r, endpoint).build(),
        () -> configure(CloudWatchClient.builder(), r, endpoint).build(),
        () -> configure(DynamoDbClient.builder(), r, endpoint).build());
  }

  /** Clients made elsewhere (tests, or a caller that already has them); closing this closes them. */
  public static AwsClients of(DatabaseMigrationClient dms, S3Client s3, GlueClient glue, KinesisClient kinesis,
      CloudWatchClient cloudWatch, DynamoDbClient dynamoDb) {
    return new AwsClients(() -> dms, () -> s3, () -> glue, () -> kinesis, () -> cloudWatch, () -> dynamoDb);
  }

  /** As above, for callers with no DynamoDB-sourced tables: asking for the DynamoDB client is then a bug. */
  public static AwsClients of(DatabaseMigrationClient dms, S3Client s3, GlueClient glue, KinesisClient kinesis,
      CloudWatchClient cloudWatch) {
    return new AwsClients(() -> dms, () -> s3, () -> glue, () -> kinesis, () -> cloudWatch, () -> {
      throw new IllegalStateException("no DynamoDB client was given to AwsClients.of");
    });
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(
      B builder, Region region, Optional<URI> endpoint) {
    builder.region(region);
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  public DatabaseMigrationClient dms() {
    return dms.get();
  }

  public S3Client s3() {
    return s3.get();
  }

  public GlueClient glue() {
    return glue.get();
  }

  public KinesisClient kinesis() {
    return kinesis.get();
  }

  public CloudWatchClient cloudWatch() {
    return cloudWatch.get();
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb.get();
  }

  @Override
  public void close() {
    List<SdkClient> created = new ArrayList<>();
    dms.ifCreated(created::add);
    s3.ifCreated(created::add);
    glue.ifCreated(created::add);
    kinesis.ifCreated(created::add);
    cloudWatch.ifCreated(created::add);
    dynamoDb.ifCreated(created::add);
    created.forEach(SdkClient::close);
  }

  private static final class Lazy<T> {
    private final Supplier<T> factory;
    private T value;

    Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    synchronized T get() {
      if (value == null) {
        value = factory.get();
      }
      return value;
    }

    synchronized void ifCreated(java.util.function.Consumer<T> action) {
      if (value != null) {
        action.accept(value);
      }
    }
  }
}
