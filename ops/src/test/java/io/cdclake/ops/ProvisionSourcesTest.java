package io.cdclake.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.ops.aws.AwsClients;
import io.cdclake.ops.aws.FakeClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.DescribeEndpointsResponse;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationTasksResponse;
import software.amazon.awssdk.services.databasemigration.model.Endpoint;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTask;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.s3.S3Client;

/** provision with contracts of every source kind: relational, DynamoDB and DocumentDB side by side. */
class ProvisionSourcesTest {
  private static final Map<String, String> ENV = Map.of("CDC_LAKE_BUCKET", "lake-test");
  private static final String STREAM_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/dms-cdc";

  @TempDir
  Path conf;

  private final FakeClient<DatabaseMigrationClient> dms = FakeClient.of(DatabaseMigrationClient.class);
  private final FakeClient<KinesisClient> kinesis = FakeClient.of(KinesisClient.class)
      .on("describeStreamSummary", r -> DescribeStreamSummaryResponse.builder().streamDescriptionSummary(
          StreamDescriptionSummary.builder().streamName("dms-cdc").streamARN(STREAM_ARN).build()).build());
  private final FakeClient<DynamoDbClient> dynamo = FakeClient.of(DynamoDbClient.class)
      .on("describeKinesisStreamingDestination", r -> DescribeKinesisStreamingDestinationResponse.builder()
          .tableName("orders").build())
      .on("enableKinesisStreamingDestination", r -> null);

  @BeforeEach
  void config() throws IOException {
    Files.copy(ProjectFiles.conf().resolve("prod.json"), conf.resolve("prod.json"));
    Path contracts = Files.createDirectories(conf.resolve("contracts"));
    Files.writeString(contracts.resolve("payments.cards.json"), """
        { "source": { "schema": "payments", "table": "cards" }, "primaryKey": ["id"], "curated": {} }
        """);
    Files.writeString(contracts.resolve("dynamodb.orders.json"), """
        { "source": { "database": "dynamodb", "table": "orders" }, "primaryKey": ["orderId"], "curated": {} }
        """);
    Files.writeString(contracts.resolve("shop.carts.json"), """
        { "source": { "database": "documentdb", "schema": "shop", "table": "carts", "mode": "document" },
          "primaryKey": ["_id"], "curated": {} }
        """);
  }

  private record Result(int status, String out) {}

  private Result run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String[] full = Stream.concat(Stream.of("--conf-dir", conf.toString(), "--env", "prod"), Stream.of(args))
        .toArray(String[]::new);
    int status = Provision.run(full, new PrintStream(bytes, true, StandardCharsets.UTF_8), ENV,
        (region, endpoint) -> AwsClients.of(dms.client(), FakeClient.of(S3Client.class).client(),
            FakeClient.of(GlueClient.class).client(), kinesis.client(), FakeClient.of(CloudWatchClient.class).client(),
            dynamo.client()));
    return new Result(status, bytes.toString(StandardCharsets.UTF_8));
  }

  private List<String> mutatingCalls() {
    List<String> out = new ArrayList<>();
    for (FakeClient<?> c : List.of(dms, kinesis, dynamo)) {
      c.operations().stream().filter(op -> !op.startsWith("describe")).forEach(out::add);
    }
    return out;
  }

  @Test
  void dryRunShowsTheDynamoDbTablesStreamingDestinationAsADiff() {
    Result r = run("--only", "dynamodb", "--dry-run");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("[create]    dynamodb table orders: Kinesis streaming destination"), r.out());
    assertTrue(r.out().contains("+   \"StreamArn\" : \"" + STREAM_ARN + "\""), "the stream Kinesis knows: " + r.out());
    assertTrue(r.out().contains("+   \"ApproximateCreationDateTimePrecision\" : \"MICROSECOND\""), r.out());
    assertTrue(r.out().contains("Plan: 1 to create, 0 to update, 0 unchanged."), r.out());
    assertEquals(List.of(), mutatingCalls());
  }

  @Test
  void realRunEnablesIt() {
    Result r = run("--only", "dynamodb");
    assertEquals(0, r.status(), r.out());
    EnableKinesisStreamingDestinationRequest sent = dynamo.request("enableKinesisStreamingDestination");
    assertEquals("orders", sent.tableName());
    assertEquals(STREAM_ARN, sent.streamArn());
  }

  @Test
  void withoutDynamoDbContractsThePartSaysWhyItDidNothing() throws IOException {
    Files.delete(conf.resolve("contracts/dynamodb.orders.json"));
    Result r = run("--only", "dynamodb", "--dry-run");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("[skipped]   dynamodb: no data contract has source.database dynamodb"), r.out());
    assertEquals(List.of(), dynamo.operations());
  }

  @Test
  void relationalTaskAloneSelectsItsTablesAndSaysTheCollectionsAreNotManaged() {
    String task = "arn:aws:dms:eu-west-1:111122223333:task:PG";
    String source = "arn:aws:dms:eu-west-1:111122223333:endpoint:PG";
    dms.on("describeReplicationTasks", r -> DescribeReplicationTasksResponse.builder().replicationTasks(
            ReplicationTask.builder().replicationTaskArn(task).replicationTaskIdentifier("pg-task").status("stopped")
                .sourceEndpointArn(source).tableMappings("{}").replicationTaskSettings("{}").build()).build())
        .on("describeEndpoints", r -> DescribeEndpointsResponse.builder().endpoints(Endpoint.builder()
            .endpointArn(source).endpointIdentifier("pg").engineName("aurora-postgresql").build()).build());
    Result r = run("--only", "dms", "--dry-run", "--replication-task-arn", task);
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("[update]    dms replication task pg-task: table mappings (1 contracts)"), r.out());
    assertTrue(r.out().contains("\"rule-name\" : \"include-payments-cards\""), r.out());
    assertFalse(r.out().contains("orders") || r.out().contains("include-shop-carts"), r.out());
    assertTrue(r.out().contains("[skipped]   dms documentdb contracts: 1 contract(s), but no --replication-task-arn"),
        r.out());
  }
}
