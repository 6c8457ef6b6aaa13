package io.cdclake.ops.kinesis;

import io.cdclake.ops.ProvisionException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/** The pipeline's Kinesis stream as it is now; every part that needs the stream reads it here. */
public final class PipelineStream {
  private PipelineStream() {}

  public static StreamDescriptionSummary describe(KinesisClient kinesis, String streamName) {
    try {
      return kinesis.describeStreamSummary(DescribeStreamSummaryRequest.builder().streamName(streamName).build())
          .streamDescriptionSummary();
    } catch (ResourceNotFoundException e) {
      throw new ProvisionException("Kinesis stream " + streamName + " (ingest.kinesis.streamName) does not exist;"
          + " create it (the DMS target endpoint writes to it) and run provision again", e);
    }
  }
}
