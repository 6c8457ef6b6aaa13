package io.cdclake.common.dms.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChangeStreamGeneratorTest {
  private static final SyntheticTable TABLE = new SyntheticTable("shop", "orders", 50);
  private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

  @Test
  void sameSeedSameStream() {
    List<String> a = render(new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 7, START));
    List<String> b = render(new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 7, START));
    List<String> c = render(new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 8, START));
    assertEquals(a, b);
    assertTrue(!a.equals(c), "a different seed must give a different stream");
  }

  @Test
  void replayingTheStreamInSourceOrderGivesTheSourceState() {
    for (long seed = 1; seed <= 20; seed++) {
      ChangeStreamGenerator gen = new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), seed, START);
      List<DmsRecord> stream = new ArrayList<>(gen.fullLoad(20));
      stream.addAll(gen.changes(400));

      Map<Long, Map<String, Object>> replayed = new TreeMap<>();
      Map<DmsOperation, Integer> kinds = new EnumMap<>(DmsOperation.class);
      for (DmsRecord r : stream) {
        kinds.merge(r.operation(), 1, Integer::sum);
        // Through the wire format, as the pipeline sees it.
        DmsRecord wire = DmsJson.parse(DmsJson.toJson(r));
        long key = ((Number) wire.data().get(SyntheticTable.KEY)).longValue();
        wire.beforeImage().ifPresent(b -> replayed.remove(((Number) b.get(SyntheticTable.KEY)).longValue()));
        if (wire.operation() == DmsOperation.DELETE) {
          replayed.remove(key);
        } else {
          replayed.put(key, new HashMap<>(wire.data()));
        }
      }
      Map<Long, Map<String, Object>> expected = new TreeMap<>();
      gen.sourceState().forEach((k, v) -> {
        Map<String, Object> row = new HashMap<>(v);
        row.put(SyntheticTable.KEY, ((Number) row.get(SyntheticTable.KEY)).longValue());
        row.put("counter", ((Number) row.get("counter")).longValue());
        expected.put(k, row);
      });
      replayed.values().forEach(row -> row.put("counter", ((Number) row.get("counter")).longValue()));
      assertEquals(expected, replayed, "seed " + seed);
      assertTrue(kinds.getOrDefault(DmsOperation.DELETE, 0) > 0 && kinds.getOrDefault(DmsOperation.UPDATE, 0) > 0,
          "seed " + seed + " should exercise deletes and updates: " + kinds);
    }
  }

  @Test
  void aCoarseCommitClockTiesTransactionsOnWholeSecondsWhileDmsTimestampsStillIncrease() {
    ChangeStreamGenerator gen = new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 3, START).withCoarseCommitClock();
    List<DmsRecord> changes = gen.changes(300);
    Map<Instant, java.util.Set<String>> transactionsBySecond = new HashMap<>();
    Instant previousDms = Instant.MIN;
    for (DmsRecord r : changes) {
      DmsRecord.Transaction tx = r.transaction().orElseThrow();
      assertEquals(0, tx.commitTimestamp().getNano(), "whole seconds: " + tx.commitTimestamp());
      transactionsBySecond.computeIfAbsent(tx.commitTimestamp(), k -> new java.util.HashSet<>())
          .add(tx.transactionId());
      assertTrue(!r.timestamp().isBefore(previousDms), "DMS timestamps follow source order");
      previousDms = r.timestamp();
    }
    assertTrue(transactionsBySecond.values().stream().anyMatch(t -> t.size() > 5),
        "several transactions share a commit second: " + transactionsBySecond.size() + " seconds");
  }

  private static List<String> render(ChangeStreamGenerator gen) {
    List<String> out = new ArrayList<>();
    gen.fullLoad(10).forEach(r -> out.add(DmsJson.toJson(r)));
    gen.changes(200).forEach(r -> out.add(DmsJson.toJson(r)));
    return out;
  }
}
