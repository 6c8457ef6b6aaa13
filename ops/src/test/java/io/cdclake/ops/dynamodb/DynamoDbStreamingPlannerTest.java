package io.cdclake.ops.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.TableContract;
import io.cdclake.ops.ProvisionException;
import io.cdclake.ops.aws.FakeClient;
import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ApproximateCreationDateTimePrecision;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.DestinationStatus;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.KinesisDataStreamDestination;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.UpdateKinesisStreamingDestinationRequest;

/** The Kinesis streaming destination of contracted DynamoDB tables, against a recording fake of DynamoDB. */
class DynamoDbStreamingPlannerTest {
  private static final String STREAM_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/dms-cdc";
  private static final String OTHER_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/analytics";

  @TempDir
  Path dir;

  private final FakeClient<DynamoDbClient> dynamo = FakeClient.of(DynamoDbClient.class)
      .on("enableKinesisStreamingDestination", r -> null)
      .on("updateKinesisStreamingDestination", r -> null);
  private List<TableContract> contracts;

  @BeforeEach
  void contracts() throws IOException {
    Files.writeString(dir.resolve("dynamodb.orders.json"), """
        { "source": { "database": "dynamodb", "table": "orders" }, "primaryKey": ["orderId"], "curated": {} }
        """);
    Files.writeString(dir.resolve("payments.cards.json"), """
        { "source": { "schema": "payments", "table": "cards" }, "primaryKey": ["id"], "curated": {} }
        """);
    contracts = new ConfigLoader(Map.of()).loadContracts(dir);
  }

  private void destinations(KinesisDataStreamDestination... current) {
    dynamo.on("describeKinesisStreamingDestination", r -> DescribeKinesisStreamingDestinationResponse.builder()
        .tableName(((DescribeKinesisStreamingDestinationRequest) r).tableName())
        .kinesisDataStreamDestinations(current).build());
  }

  private static KinesisDataStreamDestination destination(String arn, DestinationStatus status,
      ApproximateCreationDateTimePrecision precision) {
    return KinesisDataStreamDestination.builder().streamArn(arn).destinationStatus(status)
        .approximateCreationDateTimePrecision(precision).build();
  }

  private Plan plan() {
    Plan plan = new Plan();
    new DynamoDbStreamingPlanner(dynamo.client()).plan(plan, contracts, STREAM_ARN);
    return plan;
  }

  private List<String> mutatingCalls() {
    return dynamo.operations().stream().filter(op -> !op.startsWith("describe")).toList();
  }

  @Test
  void onlyDynamoDbTablesAreAsked() {
    destinations();
    plan();
    DescribeKinesisStreamingDestinationRequest asked = dynamo.request("describeKinesisStreamingDestination");
    assertEquals("orders", asked.tableName());
    assertEquals(List.of("describeKinesisStreamingDestination"), dynamo.operations(), "the relational table is DMS's");
  }

  @Test
  void tableWithoutDestinationIsEnabledWithMicrosecondPrecision() throws Exception {
    destinations();
    Plan plan = plan();
    assertEquals(1, plan.changes().size());
    Change change = plan.changes().get(0);
    assertEquals(Change.Kind.CREATE, change.kind());
    assertEquals("dynamodb table orders: Kinesis streaming destination", change.resource());
    assertEquals(STREAM_ARN, change.desired().get("StreamArn").asText());
    assertEquals("MICROSECOND", change.desired().get("ApproximateCreationDateTimePrecision").asText());
    assertEquals(List.of(), mutatingCalls(), "planning changes nothing");

    change.apply().run();
    EnableKinesisStreamingDestinationRequest sent = dynamo.request("enableKinesisStreamingDestination");
    assertEquals("orders", sent.tableName());
    assertEquals(STREAM_ARN, sent.streamArn());
    assertEquals(ApproximateCreationDateTimePrecision.MICROSECOND,
        sent.enableKinesisStreamingConfiguration().approximateCreationDateTimePrecision());
  }

  @Test
  void aDisabledOrFailedDestinationOfOurStreamIsEnabledAgain() {
    destinations(destination(STREAM_ARN, DestinationStatus.DISABLED, ApproximateCreationDateTimePrecision.MICROSECOND),
        destination(OTHER_ARN, DestinationStatus.ENABLE_FAILED, null));
    Change change = plan().changes().get(0);
    assertEquals(Change.Kind.CREATE, change.kind());
    assertTrue(change.note().isEmpty(), "a failed or disabled destination stands in nobody's way: " + change.note());
  }

  @Test
  void tableStreamingToAnotherStreamIsReportedAndThatStreamIsLeftAlone() {
    destinations(destination(OTHER_ARN, DestinationStatus.ACTIVE, ApproximateCreationDateTimePrecision.MILLISECOND));
    Change change = plan().changes().get(0);
    assertEquals(Change.Kind.CREATE, change.kind(), "the pipeline's destination is still to be added");
    assertEquals(STREAM_ARN, change.desired().get("StreamArn").asText());
    String note = change.note().orElseThrow();
    assertTrue(note.contains(OTHER_ARN) && note.contains("one Kinesis data stream"), note);
    assertTrue(note.contains("aws dynamodb disable-kinesis-streaming-destination --table-name orders --stream-arn "
        + OTHER_ARN), note);

    ProvisionException e = assertThrows(ProvisionException.class, () -> change.apply().run());
    assertTrue(e.getMessage().contains("orders") && e.getMessage().contains(OTHER_ARN), e.getMessage());
    assertEquals(List.of(), mutatingCalls(), "never disables the other destination, and does not try a doomed enable");
  }

  @Test
  void millisecondPrecisionIsUpdated() throws Exception {
    destinations(destination(STREAM_ARN, DestinationStatus.ACTIVE, ApproximateCreationDateTimePrecision.MILLISECOND));
    Change change = plan().changes().get(0);
    assertEquals(Change.Kind.UPDATE, change.kind());
    assertEquals("MILLISECOND", change.current().orElseThrow().get("ApproximateCreationDateTimePrecision").asText());

    change.apply().run();
    UpdateKinesisStreamingDestinationRequest sent = dynamo.request("updateKinesisStreamingDestination");
    assertEquals("orders", sent.tableName());
    assertEquals(STREAM_ARN, sent.streamArn());
    assertEquals(ApproximateCreationDateTimePrecision.MICROSECOND,
        sent.updateKinesisStreamingConfiguration().approximateCreationDateTimePrecision());
    assertFalse(dynamo.operations().contains("enableKinesisStreamingDestination"));
  }

  @Test
  void destinationWithoutStatedPrecisionHasTheDefaultMillisecondOne() {
    destinations(destination(STREAM_ARN, DestinationStatus.ACTIVE, null));
    Change change = plan().changes().get(0);
    assertEquals(Change.Kind.UPDATE, change.kind());
    assertEquals("MILLISECOND", change.current().orElseThrow().get("ApproximateCreationDateTimePrecision").asText());
  }

  @Test
  void destinationAsDesiredIsUnchanged() {
    destinations(destination(STREAM_ARN, DestinationStatus.ACTIVE, ApproximateCreationDateTimePrecision.MICROSECOND));
    Plan plan = plan();
    assertEquals(1, plan.count(Change.Kind.UNCHANGED));
    assertEquals(List.of(), mutatingCalls());
  }

  @Test
  void destinationStillBeingEnabledIsNotEnabledTwice() {
    destinations(destination(STREAM_ARN, DestinationStatus.ENABLING, ApproximateCreationDateTimePrecision.MICROSECOND));
    Change change = plan().changes().get(0);
    assertEquals(Change.Kind.UNCHANGED, change.kind());
    assertTrue(change.note().orElseThrow().contains("ENABLING"), change.note().toString());
  }

  @Test
  void missingTableNamesTheTableAndItsContract() {
    dynamo.on("describeKinesisStreamingDestination", r -> {
      throw ResourceNotFoundException.builder().message("Requested resource not found: Table: orders not found")
          .build();
    });
    ProvisionException e = assertThrows(ProvisionException.class, this::plan);
    assertTrue(e.getMessage().contains("DynamoDB table orders"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("dynamodb.orders.json").toString()), e.getMessage());
  }
}
