package io.cdclake.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PutRecordsBatchesTest {
  static LoadRecord record(String key, int jsonChars) {
    return new LoadRecord("s.t", key, "x".repeat(jsonChars), DmsOperation.INSERT, 0);
  }

  @Test
  void splitsAtFiveHundredRecords() {
    List<LoadRecord> records = new ArrayList<>();
    for (int i = 0; i < 1201; i++) {
      records.add(record("k" + i, 10));
    }
    List<List<LoadRecord>> batches = PutRecordsBatches.split(records);
    assertEquals(List.of(500, 500, 201), batches.stream().map(List::size).toList());
    assertEquals(records, batches.stream().flatMap(List::stream).toList(), "order and content preserved");
  }

  @Test
  void splitsAtFiveMebibytesCountingPartitionKeys() {
    // 6 records of 1 MiB - 2 bytes + a 2-byte key: exactly 1 MiB each, so five fit in 5 MiB and the sixth does not.
    List<LoadRecord> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      records.add(record("k" + i, 1024 * 1024 - 2));
    }
    List<List<LoadRecord>> batches = PutRecordsBatches.split(records);
    assertEquals(List.of(5, 1), batches.stream().map(List::size).toList());
    for (List<LoadRecord> b : batches) {
      assertTrue(b.stream().mapToLong(PutRecordsBatches::size).sum() <= PutRecordsBatches.MAX_REQUEST_BYTES);
    }
  }

  @Test
  void rejectsRecordsKinesisWouldReject() {
    assertThrows(IllegalArgumentException.class,
        () -> PutRecordsBatches.split(List.of(record("k", 1024 * 1024))));
    assertThrows(IllegalArgumentException.class, () -> PutRecordsBatches.split(List.of(record("", 10))));
    assertThrows(IllegalArgumentException.class,
        () -> PutRecordsBatches.split(List.of(record("k".repeat(257), 10))));
  }
}
