package io.cdclake.common.config;

/** How the connector reads shards. */
public enum KinesisConsumer {
  /** Shared-throughput {@code GetRecords} polling. */
  POLLING,
  /** Enhanced fan-out {@code SubscribeToShard} with a registered consumer name. */
  ENHANCED_FAN_OUT
}
