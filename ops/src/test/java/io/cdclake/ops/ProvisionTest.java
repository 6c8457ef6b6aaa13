package io.cdclake.ops;

import static io.cdclake.common.config.SourceDatabase.RELATIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.ops.aws.AwsClients;
import io.cdclake.ops.aws.FakeClient;
import io.cdclake.ops.dms.BeforeImageColumns;
import io.cdclake.ops.dms.DmsTableMappings;
import io.cdclake.ops.dms.DmsTaskSettings;
import io.cdclake.ops.plan.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.DescribeEndpointsRequest;
import software.amazon.awssdk.services.databasemigration.model.DescribeEndpointsResponse;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationTasksResponse;
import software.amazon.awssdk.services.databasemigration.model.Endpoint;
import software.amazon.awssdk.services.databasemigration.model.KinesisSettings;
import software.amazon.awssdk.services.databasemigration.model.MessageFormatValue;
import software.amazon.awssdk.services.databasemigration.model.ModifyEndpointRequest;
import software.amazon.awssdk.services.databasemigration.model.ModifyReplicationTaskRequest;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTask;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StartStreamEncryptionRequest;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/** The provision command end to end against recording fakes of the AWS clients. */
class ProvisionTest {
  private static final Map<String, String> ENV = Map.of("CDC_LAKE_BUCKET", "lake-test");
  private static final String TASK = "arn:aws:dms:eu-west-1:111122223333:task:CDCTASK";
  private static final String ENDPOINT = "arn:aws:dms:eu-west-1:111122223333:endpoint:KINESISTARGET";
  private static final String SOURCE = "arn:aws:dms:eu-west-1:111122223333:endpoint:POSTGRESSOURCE";
  private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String STREAM_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/dms-cdc";

  private final FakeClient<DatabaseMigrationClient> dms = FakeClient.of(DatabaseMigrationClient.class);
  private final FakeClient<S3Client> s3 = FakeClient.of(S3Client.class);
  private final FakeClient<GlueClient> glue = FakeClient.of(GlueClient.class);
  private final FakeClient<KinesisClient> kinesis = FakeClient.of(KinesisClient.class);
  /** The repository's DynamoDB contract (checkout-sessions) does not stream anywhere yet. */
  private final FakeClient<DynamoDbClient> dynamo = FakeClient.of(DynamoDbClient.class)
      .on("describeKinesisStreamingDestination", r -> DescribeKinesisStreamingDestinationResponse.builder()
          .tableName("checkout-sessions").build())
      .on("enableKinesisStreamingDestination", r -> null);
  private final FakeClient<CloudWatchClient> cloudWatch = FakeClient.of(CloudWatchClient.class)
      .on("describeAlarms", r -> DescribeAlarmsResponse.builder().build())
      .on("putMetricAlarm", r -> PutMetricAlarmResponse.builder().build());
  private final List<String> factoryCalls = new ArrayList<>();
  private String taskStatus = "stopped";

  /** An account as DMS and S3 leave it: default task settings, SSE-S3, no public access block, no database. */
  private void freshAccount() {
    dms.on("describeReplicationTasks", r -> DescribeReplicationTasksResponse.builder().replicationTasks(
        ReplicationTask.builder().replicationTaskArn(TASK).replicationTaskIdentifier("cdc-task").status(taskStatus)
            .sourceEndpointArn(SOURCE).tableMappings("{\"rules\":[]}")
            .replicationTaskSettings("{\"Logging\":{\"EnableLogging\":true}}").build()).build())
        .on("describeEndpoints", r -> DescribeEndpointsResponse.builder().endpoints(
            SOURCE.equals(((DescribeEndpointsRequest) r).filters().get(0).values().get(0))
                ? Endpoint.builder().endpointArn(SOURCE).endpointIdentifier("postgres-source").engineName("postgres")
                    .build()
                : Endpoint.builder().endpointArn(ENDPOINT).endpointIdentifier("kinesis-target").engineName("kinesis")
                    .kinesisSettings(KinesisSettings.builder().streamArn(STREAM_ARN)
                        .messageFormat(MessageFormatValue.JSON)
                        .serviceAccessRoleArn("arn:aws:iam::111122223333:role/dms-kinesis").build()).build())
            .build())
        .on("modifyReplicationTask", r -> null)
        .on("modifyEndpoint", r -> null);
    s3.on("headBucket", r -> HeadBucketResponse.builder().build())
        .on("getBucketEncryption", r -> GetBucketEncryptionResponse.builder().serverSideEncryptionConfiguration(
            ServerSideEncryptionConfiguration.builder().rules(ServerSideEncryptionRule.builder()
                .applyServerSideEncryptionByDefault(ServerSideEncryptionByDefault.builder()
                    .sseAlgorithm(ServerSideEncryption.AES256).build()).build()).build()).build())
        .on("getPublicAccessBlock", r -> {
          throw S3Exception.builder().statusCode(404).message("NoSuchPublicAccessBlockConfiguration").build();
        })
        .on("putBucketEncryption", r -> PutBucketEncryptionResponse.builder().build())
        .on("putPublicAccessBlock", r -> PutPublicAccessBlockResponse.builder().build());
    glue.on("getDatabase", r -> {
      throw EntityNotFoundException.builder().message("Database cdc_curated not found").build();
    }).on("createDatabase", r -> null);
    kinesis.on("describeStreamSummary", r -> DescribeStreamSummaryResponse.builder().streamDescriptionSummary(
        StreamDescriptionSummary.builder().streamName("dms-cdc").streamARN(STREAM_ARN)
            .encryptionType(EncryptionType.NONE).build()).build())
        .on("startStreamEncryption", r -> null);
  }

  private BiFunction<String, Optional<String>, AwsClients> factory() {
    return (region, endpoint) -> {
      factoryCalls.add(region + endpoint.map(e -> " " + e).orElse(""));
      return AwsClients.of(dms.client(), s3.client(), glue.client(), kinesis.client(), cloudWatch.client(),
          dynamo.client());
    };
  }

  private record Result(int status, String out) {}

  private Result run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String[] full = Stream.concat(Stream.of("--conf-dir", ProjectFiles.conf().toString()), Stream.of(args))
        .toArray(String[]::new);
    int status = Provision.run(full, new PrintStream(bytes, true, StandardCharsets.UTF_8), ENV, factory());
    return new Result(status, bytes.toString(StandardCharsets.UTF_8));
  }

  private List<String> mutatingCalls() {
    List<String> out = new ArrayList<>();
    for (FakeClient<?> c : List.of(dms, s3, glue, kinesis, cloudWatch, dynamo)) {
      c.operations().stream().filter(op -> !op.startsWith("describe") && !op.startsWith("get")
          && !op.startsWith("head")).forEach(out::add);
    }
    return out;
  }

  @Test
  void dryRunPrintsEveryChangeAsDiffAndChangesNothing() {
    freshAccount();
    Result r = run("--env", "prod", "--dry-run", "--replication-task-arn", TASK, "--endpoint-arn", ENDPOINT,
        "--kms-key-id", KEY);
    assertEquals(0, r.status(), r.out());
    assertEquals(List.of(), mutatingCalls(), "a dry run must not change anything");
    assertTrue(r.out().contains("DRY RUN"), r.out());
    assertTrue(r.out().contains("[update]    dms replication task cdc-task: table mappings (3 contracts)"), r.out());
    assertTrue(r.out().contains("\"rule-name\" : \"include-payments-cards\","), r.out());
    assertTrue(r.out().contains("[create]    dms replication task cdc-task: task settings BeforeImageSettings"),
        r.out());
    assertTrue(r.out().contains("-   \"MessageFormat\" : \"json\",") && r.out().contains(
        "+   \"MessageFormat\" : \"json-unformatted\","), r.out());
    assertTrue(r.out().contains("[update]    s3 bucket lake-test: default encryption (SSE-KMS, bucket key)"), r.out());
    assertTrue(r.out().contains("-   \"SSEAlgorithm\" : \"AES256\"") && r.out().contains(
        "+   \"SSEAlgorithm\" : \"aws:kms\""), r.out());
    assertTrue(r.out().contains("[create]    s3 bucket lake-test: public access block"), r.out());
    assertTrue(r.out().contains("[create]    glue database cdc_curated"), r.out());
    assertTrue(r.out().contains("[update]    kinesis stream dms-cdc: server-side encryption"), r.out());
    assertTrue(r.out().contains("[create]    cloudwatch alarm cdclake-prod-ingest-no-batches"), r.out());
    assertTrue(r.out().contains("[create]    cloudwatch alarm cdclake-prod-freshness-payments_cards"), r.out());
    assertTrue(r.out().contains("notifies nobody"), "no --alarm-topic-arn: said so");
    assertTrue(r.out().contains("[create]    dynamodb table checkout-sessions: Kinesis streaming destination"),
        r.out());
    // 11 for the relational tables, the account and the stream; a freshness alarm for each of the two other
    // tables; the DynamoDB table's streaming destination.
    assertTrue(r.out().contains("Plan: 14 to create, 4 to update, 0 unchanged."), r.out());
    assertTrue(r.out().contains("Dry run: no change made."), r.out());
    assertEquals(List.of("eu-west-1"), factoryCalls, "region defaults to the catalog's");
  }

  @Test
  void realRunSendsTheBuiltRequests() throws Exception {
    freshAccount();
    Result r = run("--env", "prod", "--replication-task-arn", TASK, "--endpoint-arn", ENDPOINT, "--kms-key-id", KEY,
        "--region", "eu-central-1");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("Applied 18 change(s)."), r.out());
    assertEquals(1, dynamo.calls().stream().filter(c -> c.operation().equals("enableKinesisStreamingDestination"))
        .count());
    assertEquals(10, cloudWatch.calls().stream().filter(c -> c.operation().equals("putMetricAlarm")).count(),
        "five pipeline alarms and one per contract");
    assertEquals(List.of("eu-central-1"), factoryCalls);

    List<ModifyReplicationTaskRequest> modifications = dms.calls().stream()
        .filter(c -> c.operation().equals("modifyReplicationTask"))
        .map(c -> (ModifyReplicationTaskRequest) c.request()).toList();
    assertEquals(2, modifications.size());
    var contracts = new ConfigLoader(ENV).loadEnvironment(ProjectFiles.conf(), "prod").tables();
    assertEquals(DmsTableMappings.build(contracts, RELATIONAL),
        Json.parseObject(modifications.get(0).tableMappings(), "sent"));
    var sentSettings = Json.parseObject(modifications.get(1).replicationTaskSettings(), "sent");
    assertTrue(sentSettings.at("/Logging/EnableLogging").asBoolean(), "the task's other settings are sent back");
    assertEquals(DmsTaskSettings.beforeImage(BeforeImageColumns.PK_ONLY), sentSettings.get("BeforeImageSettings"));

    ModifyEndpointRequest endpoint = dms.request("modifyEndpoint");
    assertEquals(ENDPOINT, endpoint.endpointArn());
    assertEquals(STREAM_ARN, endpoint.kinesisSettings().streamArn());
    assertEquals(MessageFormatValue.JSON_UNFORMATTED, endpoint.kinesisSettings().messageFormat());

    PutBucketEncryptionRequest enc = s3.request("putBucketEncryption");
    assertEquals("lake-test", enc.bucket());
    assertEquals(KEY, enc.serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault()
        .kmsMasterKeyID());
    assertTrue(s3.operations().contains("putPublicAccessBlock"));

    CreateDatabaseRequest db = glue.request("createDatabase");
    assertEquals("cdc_curated", db.databaseInput().name());
    assertEquals("s3://lake-test/curated", db.databaseInput().locationUri());

    StartStreamEncryptionRequest stream = kinesis.request("startStreamEncryption");
    assertEquals("dms-cdc", stream.streamName());
    assertEquals(KEY, stream.keyId());
  }

  @Test
  void accountAlreadyAsDesiredGivesNoChange() {
    freshAccount();
    var contracts = new ConfigLoader(ENV).loadEnvironment(ProjectFiles.conf(), "prod").tables();
    dms.on("describeReplicationTasks", r -> DescribeReplicationTasksResponse.builder().replicationTasks(
        ReplicationTask.builder().replicationTaskArn(TASK).replicationTaskIdentifier("cdc-task").status("running")
            .sourceEndpointArn(SOURCE).tableMappings(Json.compact(DmsTableMappings.build(contracts, RELATIONAL)))
            .replicationTaskSettings(Json.compact(DmsTaskSettings.merged(null, BeforeImageColumns.PK_ONLY)))
            .build()).build());
    s3.on("getBucketEncryption", r -> GetBucketEncryptionResponse.builder().serverSideEncryptionConfiguration(
            ServerSideEncryptionConfiguration.builder().rules(io.cdclake.ops.s3.BucketProtection.encryptionRule(KEY))
                .build()).build())
        .on("getPublicAccessBlock", r -> software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse
            .builder().publicAccessBlockConfiguration(
                io.cdclake.ops.s3.BucketProtection.publicAccessBlockConfiguration()).build());
    kinesis.on("describeStreamSummary", r -> DescribeStreamSummaryResponse.builder().streamDescriptionSummary(
        StreamDescriptionSummary.builder().streamName("dms-cdc").streamARN(STREAM_ARN)
            .encryptionType(EncryptionType.KMS).keyId(KEY).build()).build());
    Result r = run("--env", "prod", "--replication-task-arn", TASK, "--kms-key-id", KEY, "--only", "dms,s3,kinesis");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("Plan: 0 to create, 0 to update, 5 unchanged."), r.out());
    assertTrue(r.out().contains("[skipped]   glue: not selected by --only"), r.out());
    assertFalse(r.out().contains("note:"), "an unchanged running task needs no stop: " + r.out());
    assertEquals(List.of(), mutatingCalls(), "nothing to apply, and a running task is left alone");
  }

  @Test
  void runningTaskIsNotModifiedAndTheOperatorIsToldWhy() {
    taskStatus = "running";
    freshAccount();
    Result r = run("--env", "prod", "--replication-task-arn", TASK, "--only", "dms");
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("note: the task is running"), r.out());
    assertTrue(r.out().contains("aws dms stop-replication-task --replication-task-arn " + TASK), r.out());
    assertFalse(dms.operations().contains("modifyReplicationTask"));
  }

  @Test
  void missingBucketStopsBeforeAnyChange() {
    freshAccount();
    s3.on("headBucket", r -> {
      throw NoSuchBucketException.builder().statusCode(404).message("no").build();
    });
    Result r = run("--env", "prod", "--kms-key-id", KEY, "--only", "glue,s3");
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("S3 bucket lake-test") && r.out().contains("does not exist"), r.out());
    assertEquals(List.of(), mutatingCalls());
  }

  @Test
  void kmsKeyIsRequiredBeforeAnyAwsCall() {
    Result r = run("--env", "prod", "--dry-run");
    assertEquals(2, r.status(), r.out());
    assertTrue(r.out().contains("--kms-key-id is required") && r.out().contains("lake-test"), r.out());
    assertEquals(List.of(), factoryCalls);
  }

  @Test
  void localEnvironmentHasNothingToProvision() {
    Result r = run("--env", "local", "--dry-run");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("[skipped]   dms: no --replication-task-arn or --endpoint-arn given"), r.out());
    assertTrue(r.out().contains("[skipped]   s3: the zones are not on S3"), r.out());
    assertTrue(r.out().contains("[skipped]   glue: catalog.mode is local"), r.out());
    assertTrue(r.out().contains("[skipped]   kinesis: ingest.source is files"), r.out());
    assertEquals(List.of(), mutatingCalls());
  }

  @Test
  void usageAndConfigurationErrorsExitWithTwo() {
    Result unknown = run("--env", "prod", "--force");
    assertEquals(2, unknown.status());
    assertTrue(unknown.out().contains("Unknown option: '--force'") && unknown.out().contains("Usage: provision"),
        unknown.out());

    Result noEnv = run("--dry-run");
    assertEquals(2, noEnv.status());
    assertTrue(noEnv.out().contains("Missing required option: '--env=<name>'"), noEnv.out());

    Result badPart = run("--env", "prod", "--only", "dms,emr");
    assertEquals(2, badPart.status());
    assertTrue(badPart.out().contains("unknown part 'emr'"), badPart.out());

    Result missingEnvFile = run("--env", "staging", "--dry-run");
    assertEquals(2, missingEnvFile.status());
    assertTrue(missingEnvFile.out().contains("staging.json") && missingEnvFile.out().contains("does not exist"),
        missingEnvFile.out());

    Result help = run("--help");
    assertEquals(0, help.status());
    assertTrue(help.out().contains("--replication-task-arn"), help.out());
    assertEquals(List.of(), factoryCalls);
  }

  @Test
  void badOptionValuesNameTheOptionAndWhatItTakes() {
    Result filter = run("--env", "prod", "--before-image-columns", "some");
    assertEquals(2, filter.status());
    assertTrue(filter.out().contains("--before-image-columns") && filter.out().contains("expected pk-only or all"),
        filter.out());

    Result noValue = run("--env", "prod", "--kms-key-id", "--dry-run");
    assertEquals(2, noValue.status());
    assertTrue(noValue.out().contains("'--kms-key-id'"), noValue.out());

    Result twice = run("--env", "prod", "--env", "local", "--dry-run");
    assertEquals(2, twice.status(), "an ambiguous environment is refused, not resolved by position");
    assertTrue(twice.out().contains("'--env'"), twice.out());
    assertEquals(List.of(), factoryCalls);
  }

  @Test
  void partsAreMatchedInAnyCase() {
    ProvisionOptions o = picocli.CommandLine.populateCommand(new ProvisionOptions(), "--env", "prod", "--only",
        "DMS,glue");
    assertEquals(java.util.Set.of(ProvisionOptions.Part.DMS, ProvisionOptions.Part.GLUE), o.parts);
  }

  @Test
  void optionsAcceptInlineValuesAndRepeatedBuckets() {
    ProvisionOptions o = picocli.CommandLine.populateCommand(new ProvisionOptions(), "--env=prod", "--bucket", "a",
        "--bucket=b", "--before-image-columns", "all", "--aws-endpoint-url", "http://127.0.0.1:4566", "--dry-run");
    assertEquals("prod", o.environment);
    assertEquals(List.of("a", "b"), o.buckets);
    assertEquals(BeforeImageColumns.ALL, o.beforeImage);
    assertEquals(Optional.of("http://127.0.0.1:4566"), o.awsEndpointUrl);
    assertTrue(o.dryRun);
    assertEquals(java.util.EnumSet.allOf(ProvisionOptions.Part.class), o.parts);
  }
}
