package io.cdclake.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.ops.aws.AwsClients;
import io.cdclake.ops.aws.RequiresDocker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;

/**
 * Provisioning against LocalStack's S3 and Kinesis: a real HTTP round trip of every request the planners build,
 * applied, read back, and a second run that finds nothing to do. Glue and DMS are not in LocalStack's free
 * edition; their requests are covered field by field in ProvisionTest.
 */
@RequiresDocker("provisioning against LocalStack S3 and Kinesis")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackProvisionTest {
  private static final String BUCKET = "cdclake-it";
  private static final String STREAM = "dms-cdc-it";
  private static final String KEY = "arn:aws:kms:us-east-1:000000000000:key/00000000-1111-2222-3333-444444444444";

  @Container
  static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
      DockerImageName.parse("localstack/localstack:3.8.1")).withServices(Service.S3, Service.KINESIS);

  private static S3Client s3;
  private static KinesisClient kinesis;

  @BeforeAll
  static void createBucketAndStream() throws InterruptedException {
    StaticCredentialsProvider creds = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    s3 = S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(Region.of(LOCALSTACK.getRegion()))
        .credentialsProvider(creds).forcePathStyle(true).build();
    kinesis = KinesisClient.builder().endpointOverride(LOCALSTACK.getEndpoint())
        .region(Region.of(LOCALSTACK.getRegion())).credentialsProvider(creds).build();
    s3.createBucket(b -> b.bucket(BUCKET));
    kinesis.createStream(b -> b.streamName(STREAM).shardCount(1));
    for (int i = 0; i < 60 && kinesis.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary()
        .streamStatus() != StreamStatus.ACTIVE; i++) {
      Thread.sleep(500);
    }
  }

  @AfterAll
  static void close() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3.close();
    kinesis.close();
  }

  private String provision(boolean dryRun) {
    List<String> args = new ArrayList<>(List.of("--env", "prod", "--conf-dir", ProjectFiles.conf().toString(),
        "--kms-key-id", KEY, "--only", "s3,kinesis", "--aws-endpoint-url", LOCALSTACK.getEndpoint().toString(),
        "--region", LOCALSTACK.getRegion()));
    if (dryRun) {
      args.add("--dry-run");
    }
    // AwsClients.create uses the default credential chain, as on EMR; these are LocalStack's dummy keys.
    System.setProperty("aws.accessKeyId", LOCALSTACK.getAccessKey());
    System.setProperty("aws.secretAccessKey", LOCALSTACK.getSecretKey());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = Provision.run(args.toArray(String[]::new), new PrintStream(bytes, true, StandardCharsets.UTF_8),
        Map.of("CDC_LAKE_BUCKET", BUCKET, "CDC_STREAM_NAME", STREAM), AwsClients::create);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, out);
    return out;
  }

  @Test
  void dryRunThenApplyThenNothingLeftToDo() {
    String dry = provision(true);
    // A new bucket has SSE-S3 by default; its public access block may already be on, depending on the version.
    assertTrue(dry.contains("[update]    s3 bucket " + BUCKET + ": default encryption"), dry);
    assertTrue(dry.contains("[update]    kinesis stream " + STREAM + ": server-side encryption"), dry);
    assertEquals(Optional.empty(), kmsKeyOfBucket(), "dry run changed the bucket");
    assertEquals(EncryptionType.NONE, kinesis.describeStreamSummary(b -> b.streamName(STREAM))
        .streamDescriptionSummary().encryptionType(), "dry run changed the stream");

    String applied = provision(false);
    assertTrue(applied.contains("Applied "), applied);
    assertEquals(Optional.of(KEY), kmsKeyOfBucket());
    var block = s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration();
    assertTrue(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy()
        && block.restrictPublicBuckets());
    var stream = kinesis.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary();
    assertEquals(EncryptionType.KMS, stream.encryptionType());
    assertEquals(KEY, stream.keyId());

    String again = provision(false);
    assertTrue(again.contains("Plan: 0 to create, 0 to update, 3 unchanged."), again);
  }

  private static Optional<String> kmsKeyOfBucket() {
    try {
      ServerSideEncryptionByDefault d = s3.getBucketEncryption(b -> b.bucket(BUCKET))
          .serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault();
      return d.sseAlgorithm() == ServerSideEncryption.AWS_KMS ? Optional.of(d.kmsMasterKeyID()) : Optional.empty();
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      return Optional.empty();
    }
  }
}
