package io.cdclake.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Sends records to a Kinesis stream with PutRecords. PutRecords is not atomic: a response can report some entries
 * failed (typically {@code ProvisionedThroughputExceededException} on a hot shard) while the rest succeeded, so
 * the failed entries, and only those, are sent again with exponential backoff until all are in or the attempts
 * run out. Retrying re-sends them after later records of the same request, as any Kinesis producer does; the
 * pipeline orders by source position, not by arrival.
 */
public final class KinesisSink implements RecordSink {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisSink.class);

  private final KinesisClient client;
  private final String streamName;
  private final int maxAttempts;
  private final Duration baseBackoff;
  private final Ticker ticker;
  private long requests;
  private long retried;

  public KinesisSink(KinesisClient client, String streamName, int maxAttempts, Duration baseBackoff,
      Ticker ticker) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    this.client = client;
    this.streamName = streamName;
    this.maxAttempts = maxAttempts;
    this.baseBackoff = baseBackoff;
    this.ticker = ticker;
  }

  public static KinesisSink withDefaults(KinesisClient client, String streamName) {
    return new KinesisSink(client, streamName, 10, Duration.ofMillis(100), Ticker.system());
  }

  @Override
  public void write(List<LoadRecord> batch) throws InterruptedException {
    for (List<LoadRecord> chunk : PutRecordsBatches.split(batch)) {
      put(chunk);
    }
  }

  private void put(List<LoadRecord> chunk) throws InterruptedException {
    List<PutRecordsRequestEntry> pending = new ArrayList<>(chunk.size());
    for (LoadRecord r : chunk) {
      pending.add(PutRecordsRequestEntry.builder()
          .partitionKey(r.partitionKey())
          .data(SdkBytes.fromByteArray(r.bytes()))
          .build());
    }
    for (int attempt = 1; ; attempt++) {
      requests++;
      PutRecordsResponse response = client.putRecords(PutRecordsRequest.builder()
          .streamName(streamName)
          .records(pending)
          .build());
      Integer failedCount = response.failedRecordCount();
      if (failedCount == null || failedCount == 0) {
        return;
      }
      List<PutRecordsRequestEntry> failed = new ArrayList<>(failedCount);
      Map<String, Integer> errors = new TreeMap<>();
      List<PutRecordsResultEntry> results = response.records();
      for (int i = 0; i < results.size(); i++) {
        String code = results.get(i).errorCode();
        if (code != null) {
          failed.add(pending.get(i));
          errors.merge(code, 1, Integer::sum);
        }
      }
      if (attempt >= maxAttempts) {
        throw new IllegalStateException(failed.size() + " of " + pending.size() + " records still rejected by "
            + "stream " + streamName + " after " + attempt + " PutRecords attempts: " + errors
            + "; add shards or lower --rate");
      }
      long backoff = Math.min(baseBackoff.toNanos() << Math.min(attempt - 1, 10), Duration.ofSeconds(5).toNanos());
      LOG.debug("{} of {} records rejected by {} ({}), retrying in {} ms", failed.size(), pending.size(),
          streamName, errors, backoff / 1_000_000);
      retried += failed.size();
      pending = failed;
      ticker.sleepNanos(backoff);
    }
  }

  @Override
  public long requests() {
    return requests;
  }

  @Override
  public long retriedRecords() {
    return retried;
  }

  @Override
  public void close() {
    // The client belongs to the caller.
  }
}
