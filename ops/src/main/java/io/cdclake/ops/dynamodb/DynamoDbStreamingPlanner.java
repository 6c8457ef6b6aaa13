package io.cdclake.ops.dynamodb;

import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.TableContract;
import io.cdclake.ops.ProvisionException;
import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Plan;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.DestinationStatus;
import software.amazon.awssdk.services.dynamodb.model.KinesisDataStreamDestination;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Plans the Kinesis streaming destination of every contracted DynamoDB table ({@link KinesisStreamingDestination}).
 * A table streams to one Kinesis data stream at most; a destination to another stream is reported, never disabled
 * here, because something else may be reading it.
 */
public final class DynamoDbStreamingPlanner {
  private final DynamoDbClient dynamo;

  public DynamoDbStreamingPlanner(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  public void plan(Plan plan, List<TableContract> contracts, String streamArn) {
    for (TableContract c : contracts) {
      if (c.database() == SourceDatabase.DYNAMODB) {
        plan.add(change(c, streamArn));
      }
    }
  }

  private Change change(TableContract contract, String streamArn) {
    String table = contract.sourceTable();
    List<KinesisDataStreamDestination> destinations = destinations(contract);
    Optional<KinesisDataStreamDestination> ours = destinations.stream()
        .filter(d -> streamArn.equals(d.streamArn()) && KinesisStreamingDestination.streaming(d)).findFirst();
    String resource = "dynamodb table " + table + ": Kinesis streaming destination";
    var desired = KinesisStreamingDestination.view(streamArn, KinesisStreamingDestination.PRECISION.toString());

    if (ours.isPresent()) {
      KinesisDataStreamDestination d = ours.get();
      Change change = Change.of(resource, KinesisStreamingDestination.view(streamArn,
          KinesisStreamingDestination.precision(d)), desired,
          () -> dynamo.updateKinesisStreamingDestination(KinesisStreamingDestination.update(table, streamArn)));
      if (d.destinationStatus() != DestinationStatus.ACTIVE) {
        change = change.withNote("the destination is " + d.destinationStatusAsString()
            + "; if this shows a change, run provision again once it is ACTIVE");
      }
      return change;
    }
    Change enable = Change.of(resource, null, desired, () -> enable(contract, streamArn));
    return other(destinations, streamArn).map(o -> enable.withNote(blocked(table, o))).orElse(enable);
  }

  /** Re-reads the table first: enabling fails while another destination streams, and AWS's error says less. */
  private void enable(TableContract contract, String streamArn) {
    String table = contract.sourceTable();
    Optional<KinesisDataStreamDestination> other = other(destinations(contract), streamArn);
    if (other.isPresent()) {
      throw new ProvisionException("DynamoDB table " + table + " cannot stream to " + streamArn + ": "
          + blocked(table, other.get()));
    }
    dynamo.enableKinesisStreamingDestination(KinesisStreamingDestination.enable(table, streamArn));
  }

  private static Optional<KinesisDataStreamDestination> other(List<KinesisDataStreamDestination> destinations,
      String streamArn) {
    return destinations.stream()
        .filter(d -> !streamArn.equals(d.streamArn()) && KinesisStreamingDestination.streaming(d)).findFirst();
  }

  private static String blocked(String table, KinesisDataStreamDestination other) {
    return "the table already streams to " + other.streamArn() + " (" + other.destinationStatusAsString()
        + "), and DynamoDB streams a table to one Kinesis data stream only. Provision does not disable it (another"
        + " reader may depend on it): if nothing needs it, run aws dynamodb disable-kinesis-streaming-destination"
        + " --table-name " + table + " --stream-arn " + other.streamArn() + ", then provision again";
  }

  private List<KinesisDataStreamDestination> destinations(TableContract contract) {
    try {
      return dynamo.describeKinesisStreamingDestination(DescribeKinesisStreamingDestinationRequest.builder()
          .tableName(contract.sourceTable()).build()).kinesisDataStreamDestinations();
    } catch (ResourceNotFoundException e) {
      throw new ProvisionException("DynamoDB table " + contract.sourceTable() + " (contract "
          + contract.contractFile() + ") not found in this account and region; create the table, or correct"
          + " source.table in the contract (Kinesis Data Streams for DynamoDB needs table and stream in the same"
          + " account and region)", e);
    }
  }
}
