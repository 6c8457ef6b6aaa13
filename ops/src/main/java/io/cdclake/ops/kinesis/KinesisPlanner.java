package io.cdclake.ops.kinesis;

import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Plan;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * Plans encryption of the Kinesis stream DMS writes to. The stream itself is created with the DMS target
 * endpoint (its shard count or on-demand mode is a capacity decision), and the enhanced fan-out consumer is
 * registered by the connector when ingest starts.
 */
public final class KinesisPlanner {
  private final KinesisClient kinesis;

  public KinesisPlanner(KinesisClient kinesis) {
    this.kinesis = kinesis;
  }

  public void plan(Plan plan, String streamName, String kmsKeyId) {
    StreamDescriptionSummary summary = PipelineStream.describe(kinesis, streamName);
    EncryptionType type = summary.encryptionType();
    Change change = Change.of("kinesis stream " + streamName + ": server-side encryption",
        StreamEncryption.view(type == null ? "NONE" : summary.encryptionTypeAsString(), summary.keyId()),
        StreamEncryption.view(EncryptionType.KMS.toString(), kmsKeyId),
        () -> kinesis.startStreamEncryption(StreamEncryption.request(streamName, kmsKeyId)));
    if (type == EncryptionType.KMS && !kmsKeyId.equals(summary.keyId())) {
      change = change.withNote("the stream is already KMS-encrypted with another key id or alias; applying"
          + " re-encrypts new records with --kms-key-id (compare the key ARNs before applying)");
    }
    plan.add(change);
  }
}
