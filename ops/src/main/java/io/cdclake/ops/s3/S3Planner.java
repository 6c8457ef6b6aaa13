package io.cdclake.ops.s3;

import io.cdclake.ops.ProvisionException;
import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Plan;
import java.util.Collection;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/** Plans default encryption and the public access block of the lake's buckets. */
public final class S3Planner {
  private final S3Client s3;

  public S3Planner(S3Client s3) {
    this.s3 = s3;
  }

  public void plan(Plan plan, Collection<String> buckets, String kmsKeyId) {
    for (String bucket : buckets) {
      requireExists(bucket);
      ServerSideEncryptionRule desiredRule = BucketProtection.encryptionRule(kmsKeyId);
      plan.add(Change.of("s3 bucket " + bucket + ": default encryption (SSE-KMS, bucket key)",
          currentEncryption(bucket), BucketProtection.view(desiredRule),
          () -> s3.putBucketEncryption(BucketProtection.encryption(bucket, kmsKeyId))));
      PublicAccessBlockConfiguration current = currentPublicAccessBlock(bucket);
      plan.add(Change.of("s3 bucket " + bucket + ": public access block",
          current == null ? null : BucketProtection.view(current),
          BucketProtection.view(BucketProtection.publicAccessBlockConfiguration()),
          () -> s3.putPublicAccessBlock(BucketProtection.publicAccessBlock(bucket))));
    }
  }

  private void requireExists(String bucket) {
    try {
      s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
    } catch (NoSuchBucketException e) {
      throw missing(bucket, e);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw missing(bucket, e);
      }
      throw new ProvisionException("cannot read S3 bucket " + bucket + " (HTTP " + e.statusCode() + "): "
          + e.getMessage() + "; provisioning needs s3:ListBucket and s3:GetEncryptionConfiguration on it", e);
    }
  }

  private static ProvisionException missing(String bucket, Exception e) {
    return new ProvisionException("S3 bucket " + bucket + " (from the environment's zones or --bucket) does not"
        + " exist; create it in the pipeline's region, then run provision again", e);
  }

  private com.fasterxml.jackson.databind.node.ObjectNode currentEncryption(String bucket) {
    try {
      var rules = s3.getBucketEncryption(GetBucketEncryptionRequest.builder().bucket(bucket).build())
          .serverSideEncryptionConfiguration().rules();
      return rules.isEmpty() ? null : BucketProtection.view(rules.get(0));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private PublicAccessBlockConfiguration currentPublicAccessBlock(String bucket) {
    try {
      return s3.getPublicAccessBlock(GetPublicAccessBlockRequest.builder().bucket(bucket).build())
          .publicAccessBlockConfiguration();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }
}
