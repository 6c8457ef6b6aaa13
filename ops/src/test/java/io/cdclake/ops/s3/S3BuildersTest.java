package io.cdclake.ops.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.Zones;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

class S3BuildersTest {
  private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @Test
  void encryptionIsSseKmsWithTheGivenKeyAndBucketKey() {
    PutBucketEncryptionRequest r = BucketProtection.encryption("lake", KEY);
    assertEquals("lake", r.bucket());
    List<ServerSideEncryptionRule> rules = r.serverSideEncryptionConfiguration().rules();
    assertEquals(1, rules.size());
    assertEquals(ServerSideEncryption.AWS_KMS, rules.get(0).applyServerSideEncryptionByDefault().sseAlgorithm());
    assertEquals(KEY, rules.get(0).applyServerSideEncryptionByDefault().kmsMasterKeyID());
    assertEquals(Boolean.TRUE, rules.get(0).bucketKeyEnabled());
  }

  @Test
  void publicAccessIsBlockedFourWays() {
    PutPublicAccessBlockRequest r = BucketProtection.publicAccessBlock("lake");
    assertEquals("lake", r.bucket());
    var c = r.publicAccessBlockConfiguration();
    assertTrue(c.blockPublicAcls() && c.ignorePublicAcls() && c.blockPublicPolicy() && c.restrictPublicBuckets());
  }

  @Test
  void bucketsComeFromS3ZonesOnly() {
    Zones zones = new Zones("s3://lake/raw", "s3a://curated-lake/curated", "s3://lake/quarantine",
        "/tmp/checkpoints");
    assertEquals(List.of("curated-lake", "lake"), List.copyOf(ZoneBuckets.of(zones)));
    assertEquals(Optional.empty(), ZoneBuckets.bucket("local-lake/raw"));
    assertEquals(Optional.of("b"), ZoneBuckets.bucket("s3n://b/x/y"));
    assertEquals("s3://curated-lake/curated", ZoneBuckets.athenaLocation("s3a://curated-lake/curated"));
  }
}
