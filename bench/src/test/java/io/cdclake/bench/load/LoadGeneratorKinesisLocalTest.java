package io.cdclake.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.dms.synth.ChangeMix;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.common.testing.KinesisLocalServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The load generator against a real Kinesis API: the {@code kinesis-local} emulator on a loopback port. Records are
 * read back with GetRecords from every shard and compared with what was sent.
 */
class LoadGeneratorKinesisLocalTest {
  /** Keeps what went through, in order, so the test can compare it with what comes back. */
  static final class Capturing implements RecordSink {
    final RecordSink delegate;
    final List<LoadRecord> sent = new ArrayList<>();

    Capturing(RecordSink delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(List<LoadRecord> batch) throws IOException, InterruptedException {
      delegate.write(batch);
      sent.addAll(batch);
    }

    @Override
    public long requests() {
      return delegate.requests();
    }

    @Override
    public long retriedRecords() {
      return delegate.retriedRecords();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }

  @Test
  void recordsArriveOnEveryShardAsDmsMessagesInPerKeyOrder() throws Exception {
    // Started here rather than in @BeforeAll so that, without npm ci, the test itself is reported as skipped.
    try (KinesisLocalServer server = KinesisLocalServer.start();
        KinesisClient client = KinesisClients.emulator(KinesisLocalServer.REGION, server.endpoint())) {
      sendAndReadBack(client);
    }
  }

  private static void sendAndReadBack(KinesisClient client) throws Exception {
    String stream = "bench-load-test";
    StreamAdmin admin = new StreamAdmin(client);
    admin.ensureActive(stream, 2, Duration.ofSeconds(30));

    // 600 records: 600/s for 1 s on a fake clock, so the pacing runs instantly and the count is exact (the
    // emulator takes a few hundred records a second on a busy 2-core machine).
    RateSchedule schedule = new RateSchedule(600, Duration.ZERO, Duration.ofSeconds(1));
    Pacer pacer = new Pacer(schedule, new FakeTicker(), 600, Duration.ofMillis(400));
    ChangeSource source = new ChangeSource(TableLoad.parseList("bench.orders:2000:3,bench.accounts:300:1"),
        ChangeMix.oltp(), 99, Instant.now(), PartitionKeyMode.PRIMARY_KEY);
    Capturing sink = new Capturing(new KinesisSink(client, stream, 5, Duration.ofMillis(50), Ticker.system()));
    LoadReport report = new LoadGenerator(source, sink, schedule, pacer, System::currentTimeMillis, 500).run();

    assertEquals(600, report.records());
    assertEquals(600, sink.sent.size());
    assertTrue(report.requests() >= 2, "at most 500 records per PutRecords call");

    Map<String, List<Record>> byShard = readAll(client, admin, stream, 600);
    assertEquals(2, byShard.size());
    int total = byShard.values().stream().mapToInt(List::size).sum();
    assertEquals(600, total, "every record once, none lost or duplicated by the sink");
    for (List<Record> shard : byShard.values()) {
      assertTrue(shard.size() > 150, "primary-key partitioning spreads records over both shards: " + shard.size());
    }

    // Per partition key, records come back in the order they were sent (Kinesis orders within a shard).
    Map<String, List<String>> sentByKey = new HashMap<>();
    sink.sent.forEach(r -> sentByKey.computeIfAbsent(r.partitionKey(), k -> new ArrayList<>()).add(r.json()));
    Map<String, List<String>> readByKey = new HashMap<>();
    Map<String, Integer> perTable = new HashMap<>();
    Set<Object> orderKeys = new HashSet<>();
    for (List<Record> shard : byShard.values()) {
      for (Record r : shard) {
        String json = r.data().asString(StandardCharsets.UTF_8);
        readByKey.computeIfAbsent(r.partitionKey(), k -> new ArrayList<>()).add(json);
        DmsRecord dms = DmsJson.parse(json);
        assertEquals(String.valueOf(dms.data().get(SyntheticTable.KEY)), r.partitionKey());
        assertTrue(dms.data().get(ChangeSource.CREATED_AT_MS) instanceof Long, "creation stamp in the data");
        assertTrue(dms.data().keySet().containsAll(SyntheticTable.VALUE_COLUMNS));
        perTable.merge(dms.schemaName() + "." + dms.tableName(), 1, Integer::sum);
        if (dms.tableName().equals("orders")) {
          orderKeys.add(dms.data().get(SyntheticTable.KEY));
        }
      }
    }
    assertEquals(sentByKey, readByKey);
    assertEquals(450, perTable.get("bench.orders"), 80);
    assertEquals(150, perTable.get("bench.accounts"), 80);
    // Keys of the 1..2000 key space are hit in every quarter of it, not bunched at one end.
    assertTrue(orderKeys.size() > 100, orderKeys.size() + " distinct keys");
    for (int quarter = 0; quarter < 4; quarter++) {
      long low = quarter * 500L;
      assertTrue(orderKeys.stream().mapToLong(k -> (Long) k).anyMatch(k -> k > low && k <= low + 500),
          "no key in (" + low + ", " + (low + 500) + "]");
    }
  }

  /** Reads every shard from the start until {@code expected} records are in or the shards run dry. */
  private static Map<String, List<Record>> readAll(KinesisClient client, StreamAdmin admin, String stream,
      int expected) {
    Map<String, List<Record>> out = new HashMap<>();
    for (Shard shard : admin.shards(stream)) {
      List<Record> records = new ArrayList<>();
      String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      // Bounded: an emulator that never reports the end of the data fails the count check instead of hanging.
      for (int call = 0; call < 100 && iterator != null; call++) {
        String current = iterator;
        GetRecordsResponse page = client.getRecords(b -> b.shardIterator(current).limit(1000));
        records.addAll(page.records());
        iterator = page.nextShardIterator();
        if (page.records().isEmpty() && (page.millisBehindLatest() == null || page.millisBehindLatest() == 0)) {
          break;
        }
      }
      out.put(shard.shardId(), records);
    }
    int total = out.values().stream().mapToInt(List::size).sum();
    assertTrue(total <= expected, "read " + total + " records, more than the " + expected + " sent");
    return out;
  }
}
