package io.cdclake.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Creates benchmark streams and waits for them; production streams are provisioned by {@code ops/}. */
public final class StreamAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(StreamAdmin.class);

  private final KinesisClient client;

  public StreamAdmin(KinesisClient client) {
    this.client = client;
  }

  /** Creates the stream with {@code shards} provisioned shards unless it exists, and waits until it is active. */
  public void ensureActive(String stream, int shards, Duration timeout) throws InterruptedException {
    try {
      client.describeStreamSummary(b -> b.streamName(stream));
    } catch (ResourceNotFoundException e) {
      LOG.info("creating stream {} with {} shards", stream, shards);
      client.createStream(b -> b.streamName(stream).shardCount(shards));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      StreamStatus status = client.describeStreamSummary(b -> b.streamName(stream))
          .streamDescriptionSummary().streamStatus();
      if (status == StreamStatus.ACTIVE) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream " + stream + " is still " + status + " after " + timeout);
      }
      Thread.sleep(100);
    }
  }

  /** All shards of the stream, following pagination. */
  public List<Shard> shards(String stream) {
    List<Shard> out = new ArrayList<>();
    ListShardsResponse page = client.listShards(ListShardsRequest.builder().streamName(stream).build());
    out.addAll(page.shards());
    while (page.nextToken() != null) {
      String token = page.nextToken();
      page = client.listShards(ListShardsRequest.builder().nextToken(token).build());
      out.addAll(page.shards());
    }
    return out;
  }
}
