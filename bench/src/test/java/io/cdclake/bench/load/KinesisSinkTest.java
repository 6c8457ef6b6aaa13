package io.cdclake.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** Partial PutRecords failures, answered by a scripted client: only failed entries are sent again. */
class KinesisSinkTest {
  /** Records every request; {@code rejects(attempt, data)} decides which entries fail. */
  static final class ScriptedKinesis implements KinesisClient {
    final List<List<String>> requests = new ArrayList<>();
    final List<String> accepted = new ArrayList<>();
    private final BiFunction<Integer, String, Boolean> rejects;

    ScriptedKinesis(BiFunction<Integer, String, Boolean> rejects) {
      this.rejects = rejects;
    }

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
      List<String> data = request.records().stream()
          .map(PutRecordsRequestEntry::data).map(b -> b.asString(StandardCharsets.UTF_8)).toList();
      requests.add(data);
      int attempt = requests.size();
      List<PutRecordsResultEntry> results = new ArrayList<>();
      int failed = 0;
      for (String d : data) {
        if (rejects.apply(attempt, d)) {
          failed++;
          results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
              .errorMessage("Rate exceeded for shard").build());
        } else {
          accepted.add(d);
          results.add(PutRecordsResultEntry.builder().shardId("shardId-000000000000").sequenceNumber("1").build());
        }
      }
      return PutRecordsResponse.builder().failedRecordCount(failed).records(results).build();
    }

    @Override
    public String serviceName() {
      return "kinesis";
    }

    @Override
    public void close() {}
  }

  private static List<LoadRecord> records(int n) {
    List<LoadRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new LoadRecord("s.t", "k" + i, "r" + i, DmsOperation.INSERT, 0));
    }
    return out;
  }

  @Test
  void resendsOnlyTheFailedEntriesWithBackoff() throws InterruptedException {
    // First attempt rejects every third record, second attempt rejects r0 once more.
    ScriptedKinesis kinesis = new ScriptedKinesis((attempt, d) ->
        (attempt == 1 && Integer.parseInt(d.substring(1)) % 3 == 0) || (attempt == 2 && d.equals("r0")));
    FakeTicker ticker = new FakeTicker();
    long before = ticker.nanoTime();
    KinesisSink sink = new KinesisSink(kinesis, "s", 5, Duration.ofMillis(100), ticker);
    sink.write(records(10));

    assertEquals(List.of("r0", "r3", "r6", "r9"), kinesis.requests.get(1));
    assertEquals(List.of("r0"), kinesis.requests.get(2));
    assertEquals(3, kinesis.requests.size());
    assertEquals(10, kinesis.accepted.size());
    assertEquals(10, kinesis.accepted.stream().distinct().count(), "no record accepted twice");
    assertEquals(5, sink.retriedRecords());
    assertEquals(3, sink.requests());
    assertEquals(Duration.ofMillis(300).toNanos(), ticker.nanoTime() - before, "100 ms, then 200 ms");
  }

  @Test
  void givesUpNamingTheErrorAfterTheLastAttempt() {
    ScriptedKinesis kinesis = new ScriptedKinesis((attempt, d) -> d.equals("r1"));
    KinesisSink sink = new KinesisSink(kinesis, "payments-cdc", 3, Duration.ofMillis(10), new FakeTicker());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sink.write(records(2)));
    assertTrue(e.getMessage().contains("ProvisionedThroughputExceededException"), e.getMessage());
    assertTrue(e.getMessage().contains("payments-cdc"), e.getMessage());
    assertEquals(3, kinesis.requests.size());
  }

  @Test
  void splitsLargeWritesIntoRequestsOfAtMostFiveHundred() throws InterruptedException {
    ScriptedKinesis kinesis = new ScriptedKinesis((attempt, d) -> false);
    KinesisSink sink = new KinesisSink(kinesis, "s", 3, Duration.ofMillis(10), new FakeTicker());
    sink.write(records(1100));
    assertEquals(List.of(500, 500, 100), kinesis.requests.stream().map(List::size).toList());
  }
}
