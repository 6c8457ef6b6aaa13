package io.cdclake.common.config;

import java.util.Optional;

/**
 * The Kinesis stream the DMS target endpoint writes to.
 *
 * @param streamName       stream name
 * @param region           AWS region
 * @param consumer         polling or enhanced fan-out
 * @param consumerName     EFO consumer name (required for enhanced fan-out)
 * @param startingPosition {@code TRIM_HORIZON}, {@code LATEST}, or {@code AT_TIMESTAMP}; only used for a fresh
 *                         checkpoint, a restart always resumes from the checkpoint
 * @param endpointUrl      endpoint override (VPC endpoint, or a local emulator)
 * @param roleArn          role to assume for reading, if the cluster role cannot read the stream itself
 */
public record KinesisSourceConfig(
    String streamName,
    String region,
    KinesisConsumer consumer,
    Optional<String> consumerName,
    String startingPosition,
    Optional<String> endpointUrl,
    Optional<String> roleArn) {}
