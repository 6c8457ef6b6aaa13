package io.cdclake.ops.kinesis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.ops.plan.Json;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StartStreamEncryptionRequest;

/**
 * Server-side encryption of the DMS stream. DMS writes rows as the source has them, card numbers included
 * (protection happens at ingest), so the stream must be encrypted at rest with the pipeline's key.
 */
public final class StreamEncryption {
  private StreamEncryption() {}

  public static StartStreamEncryptionRequest request(String streamName, String kmsKeyId) {
    return StartStreamEncryptionRequest.builder()
        .streamName(streamName)
        .encryptionType(EncryptionType.KMS)
        .keyId(kmsKeyId)
        .build();
  }

  public static ObjectNode view(String encryptionType, String keyId) {
    ObjectNode n = Json.object();
    n.put("EncryptionType", encryptionType);
    n.put("KeyId", keyId);
    return n;
  }
}
