package io.cdclake.ops.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.ops.plan.Json;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.ApproximateCreationDateTimePrecision;
import software.amazon.awssdk.services.dynamodb.model.DestinationStatus;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingConfiguration;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.KinesisDataStreamDestination;
import software.amazon.awssdk.services.dynamodb.model.UpdateKinesisStreamingConfiguration;
import software.amazon.awssdk.services.dynamodb.model.UpdateKinesisStreamingDestinationRequest;

/**
 * The Kinesis streaming destination a contracted DynamoDB table needs: the pipeline's stream, with
 * {@code ApproximateCreationDateTime} in microseconds. Ingest orders a table's changes by that time, and records
 * can arrive duplicated and out of order; at millisecond precision two changes of one item in the same millisecond
 * would tie. There is no view type to choose: Kinesis Data Streams for DynamoDB always sends the item's keys and
 * its images before and after the change (where they exist).
 */
public final class KinesisStreamingDestination {
  public static final ApproximateCreationDateTimePrecision PRECISION = ApproximateCreationDateTimePrecision.MICROSECOND;
  /** What DynamoDB uses when a destination states no precision (destinations enabled before it was selectable). */
  static final ApproximateCreationDateTimePrecision DEFAULT_PRECISION =
      ApproximateCreationDateTimePrecision.MILLISECOND;
  /** States in which a destination receives, or is about to receive, the table's changes. */
  static final Set<DestinationStatus> STREAMING = Set.of(DestinationStatus.ACTIVE, DestinationStatus.ENABLING,
      DestinationStatus.UPDATING);

  private KinesisStreamingDestination() {}

  static boolean streaming(KinesisDataStreamDestination d) {
    return STREAMING.contains(d.destinationStatus());
  }

  static String precision(KinesisDataStreamDestination d) {
    return d.approximateCreationDateTimePrecision() == null ? DEFAULT_PRECISION.toString()
        : d.approximateCreationDateTimePrecisionAsString();
  }

  public static EnableKinesisStreamingDestinationRequest enable(String table, String streamArn) {
    return EnableKinesisStreamingDestinationRequest.builder().tableName(table).streamArn(streamArn)
        .enableKinesisStreamingConfiguration(EnableKinesisStreamingConfiguration.builder()
            .approximateCreationDateTimePrecision(PRECISION).build())
        .build();
  }

  public static UpdateKinesisStreamingDestinationRequest update(String table, String streamArn) {
    return UpdateKinesisStreamingDestinationRequest.builder().tableName(table).streamArn(streamArn)
        .updateKinesisStreamingConfiguration(UpdateKinesisStreamingConfiguration.builder()
            .approximateCreationDateTimePrecision(PRECISION).build())
        .build();
  }

  public static ObjectNode view(String streamArn, String precision) {
    ObjectNode n = Json.object();
    n.put("StreamArn", streamArn);
    n.put("ApproximateCreationDateTimePrecision", precision);
    return n;
  }
}
