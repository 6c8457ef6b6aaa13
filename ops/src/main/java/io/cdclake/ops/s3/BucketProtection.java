package io.cdclake.ops.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.ops.plan.Json;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * The protection every lake bucket gets: default encryption with the pipeline's KMS key (so reading any object
 * needs both S3 and KMS permissions, which the IAM policies in deploy/emr/iam grant per zone), an S3 bucket key
 * (one KMS call per bucket and time window instead of one per object: cheaper, and no KMS throttling on large
 * MERGEs), and all public access blocked.
 */
public final class BucketProtection {
  private BucketProtection() {}

  public static ServerSideEncryptionRule encryptionRule(String kmsKeyId) {
    return ServerSideEncryptionRule.builder()
        .applyServerSideEncryptionByDefault(ServerSideEncryptionByDefault.builder()
            .sseAlgorithm(ServerSideEncryption.AWS_KMS)
            .kmsMasterKeyID(kmsKeyId)
            .build())
        .bucketKeyEnabled(true)
        .build();
  }

  public static PutBucketEncryptionRequest encryption(String bucket, String kmsKeyId) {
    return PutBucketEncryptionRequest.builder()
        .bucket(bucket)
        .serverSideEncryptionConfiguration(ServerSideEncryptionConfiguration.builder()
            .rules(encryptionRule(kmsKeyId)).build())
        .build();
  }

  public static PublicAccessBlockConfiguration publicAccessBlockConfiguration() {
    return PublicAccessBlockConfiguration.builder()
        .blockPublicAcls(true)
        .ignorePublicAcls(true)
        .blockPublicPolicy(true)
        .restrictPublicBuckets(true)
        .build();
  }

  public static PutPublicAccessBlockRequest publicAccessBlock(String bucket) {
    return PutPublicAccessBlockRequest.builder()
        .bucket(bucket)
        .publicAccessBlockConfiguration(publicAccessBlockConfiguration())
        .build();
  }

  public static ObjectNode view(ServerSideEncryptionRule rule) {
    ObjectNode n = Json.object();
    ServerSideEncryptionByDefault d = rule.applyServerSideEncryptionByDefault();
    n.put("SSEAlgorithm", d == null ? null : d.sseAlgorithmAsString());
    n.put("KMSMasterKeyID", d == null ? null : d.kmsMasterKeyID());
    n.put("BucketKeyEnabled", Boolean.TRUE.equals(rule.bucketKeyEnabled()));
    return n;
  }

  public static ObjectNode view(PublicAccessBlockConfiguration c) {
    ObjectNode n = Json.object();
    n.put("BlockPublicAcls", Boolean.TRUE.equals(c.blockPublicAcls()));
    n.put("IgnorePublicAcls", Boolean.TRUE.equals(c.ignorePublicAcls()));
    n.put("BlockPublicPolicy", Boolean.TRUE.equals(c.blockPublicPolicy()));
    n.put("RestrictPublicBuckets", Boolean.TRUE.equals(c.restrictPublicBuckets()));
    return n;
  }
}
