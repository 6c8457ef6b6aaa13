package io.cdclake.common.dms.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
      // The options change the records' shape, never what they do to the table.
      if (seed % 2 == 0) {
        gen.withKeyOnlyDeletes();
      }
      if (seed % 3 == 0) {
        gen.withChainedKeyChanges();
      }
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

  @Test
  void keyOnlyDeletesCarryTheKeyAloneWithNullsOrNothingAndKeyChangesTheOldKeyAlone() {
    ChangeStreamGenerator gen = new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 5, START).withKeyOnlyDeletes();
    int withNulls = 0;
    int absent = 0;
    int keyChanges = 0;
    for (DmsRecord r : gen.changes(400)) {
      if (r.operation() == DmsOperation.DELETE) {
        assertTrue(r.data().containsKey(SyntheticTable.KEY), r.toString());
        assertTrue(SyntheticTable.VALUE_COLUMNS.stream().allMatch(c -> r.data().get(c) == null), r.toString());
        if (r.data().size() == 1) {
          absent++;
        } else {
          withNulls++;
        }
      } else if (r.beforeImage().isPresent()) {
        assertEquals(List.of(SyntheticTable.KEY), List.copyOf(r.beforeImage().get().keySet()), r.toString());
        assertTrue(!r.beforeImage().get().get(SyntheticTable.KEY).equals(r.data().get(SyntheticTable.KEY)),
            "only key changes carry a before-image: " + r);
        keyChanges++;
      }
    }
    assertTrue(withNulls > 0 && absent > 0 && keyChanges > 0, withNulls + " " + absent + " " + keyChanges);
  }

  @Test
  void chainedKeyChangesFollowAKeyChangeInItsTransactionWithEachShape() {
    ChangeMix reKeying = new ChangeMix(0.30, 0.40, 0.10, 0.15, 0.05);
    ChangeStreamGenerator gen = new ChangeStreamGenerator(TABLE, reKeying, 11, START).withChainedKeyChanges();
    List<DmsRecord> changes = gen.changes(600);
    java.util.Set<String> shapes = new java.util.HashSet<>();
    for (int i = 1; i < changes.size(); i++) {
      DmsRecord first = changes.get(i - 1);
      DmsRecord next = changes.get(i);
      if (!isKeyChange(first) || !sameTransaction(first, next)) {
        continue;
      }
      Object oldKey = first.beforeImage().orElseThrow().get(SyntheticTable.KEY);
      Object newKey = first.data().get(SyntheticTable.KEY);
      if (isKeyChange(next) && next.beforeImage().orElseThrow().get(SyntheticTable.KEY).equals(newKey)) {
        shapes.add("A->B, B->C");
      } else if (next.operation() == DmsOperation.DELETE && next.data().get(SyntheticTable.KEY).equals(newKey)) {
        shapes.add("A->B, delete B");
      } else if (next.operation() == DmsOperation.INSERT && next.data().get(SyntheticTable.KEY).equals(oldKey)) {
        shapes.add("A->B, insert A");
      } else {
        continue; // another change of the transaction, or a duplicate delivery of the key change
      }
      assertTrue(next.transaction().orElseThrow().transactionRecordId()
          > first.transaction().orElseThrow().transactionRecordId(), "record ids order the chain");
    }
    assertEquals(java.util.Set.of("A->B, B->C", "A->B, delete B", "A->B, insert A"), shapes);
    // The chain is still a valid history: replaying it gives the source state (as the test above checks).
    assertTrue(new ChangeStreamGenerator(TABLE, reKeying, 11, START).changes(600).size() == 600);
  }

  @Test
  void anOverlappingFullLoadReadsRowsWhileTransactionsCommitAndSendsTheCachedChangesAfterIt() {
    int before = 0;
    int after = 0;
    for (long seed = 1; seed <= 5; seed++) {
      ChangeStreamGenerator gen =
          new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), seed, START).withOverlappingFullLoad();
      List<DmsRecord> load = gen.fullLoad(20);
      int firstChange = 0;
      while (load.get(firstChange).operation() == DmsOperation.LOAD) {
        firstChange++;
      }
      List<DmsRecord> images = load.subList(0, firstChange);
      List<DmsRecord> cached = load.subList(firstChange, load.size());
      assertTrue(cached.stream().noneMatch(r -> r.operation() == DmsOperation.LOAD), "load records come first");
      for (DmsRecord image : images) {
        Object key = image.data().get(SyntheticTable.KEY);
        for (DmsRecord change : cached) {
          if (!key.equals(change.data().get(SyntheticTable.KEY))) {
            continue;
          }
          Instant commit = change.transaction().orElseThrow().commitTimestamp();
          if (commit.isBefore(image.timestamp())) {
            before++;
          } else {
            after++;
          }
        }
      }
      // Applied as curate orders them (every load record before every change), they give the source state.
      assertEquals(gen.sourceState(), replay(load), "seed " + seed);
    }
    assertTrue(before > 0 && after > 0,
        "changes of loaded keys committed both before the read (also in the image) and after: " + before + " "
            + after);
  }

  @Test
  void aReloadAfterAnOutageAndATruncateReadsWhatTheSourceHoldsAndItsChangesGiveTheSourceState() {
    for (long seed = 1; seed <= 5; seed++) {
      ChangeStreamGenerator gen = new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), seed, START)
          .withDmsTask(new DmsTask(1, java.time.Duration.ofMinutes(3)));
      gen.fullLoad(20);
      gen.changes(50);
      DmsRecord truncate = gen.truncate();
      assertEquals(DmsOperation.TRUNCATE_TABLE, truncate.operation());
      assertTrue(gen.sourceState().isEmpty(), "a truncate empties the table");
      Instant outageStart = truncate.timestamp();
      List<DmsRecord> lost = gen.outage(30, java.time.Duration.ofHours(1));
      assertEquals(30, lost.size());
      Map<Long, Map<String, Object>> beforeReload = gen.sourceState();
      assertTrue(!beforeReload.isEmpty(), "the source went on while the task was down");

      Reload reload = gen.reload();
      assertTrue(reload.start().isAfter(outageStart.plus(java.time.Duration.ofMinutes(59))), "after the outage");
      List<DmsRecord> images = reload.records().stream().filter(r -> r.operation() == DmsOperation.LOAD).toList();
      assertTrue(images.stream().noneMatch(r -> r.timestamp().isBefore(reload.start())), "no image before start");
      assertEquals(images, reload.records().subList(0, images.size()), "the images come first");
      // The images then the cached changes, as curate's rebuild after a reload applies them, give the source.
      assertEquals(gen.sourceState(), replay(reload.records()), "seed " + seed);
    }
  }

  @Test
  void aDmsTaskHasItsOwnTransactionIdsPositionsAndClock() {
    DmsTask task = new DmsTask(3, java.time.Duration.ofMinutes(5));
    ChangeStreamGenerator gen = new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 4, START).withDmsTask(task)
        .withOverlappingFullLoad();
    List<DmsRecord> records = new ArrayList<>(gen.fullLoad(10));
    records.addAll(gen.changes(100));
    List<DmsRecord> plain = new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 4, START).withOverlappingFullLoad()
        .fullLoad(10);
    // The same source history, seen through another task: same commit times, DMS times 5 minutes later.
    assertEquals(plain.get(0).timestamp().plus(task.dmsClockSkew()), records.get(0).timestamp());
    for (DmsRecord r : records) {
      r.transaction().ifPresent(tx -> {
        assertTrue(tx.transactionId().startsWith("0003") && tx.transactionId().length() == 16, tx.transactionId());
        assertTrue(tx.streamPosition().orElseThrow().startsWith("00000003/"), tx.streamPosition().orElseThrow());
        assertTrue(!r.timestamp().isBefore(tx.commitTimestamp().plus(task.dmsClockSkew())),
            "DMS times run the skew ahead of the commit clock: " + r);
      });
    }
  }

  @Test
  void theAddedColumnIsSentUnderItsNewNameAfterARename() {
    ChangeStreamGenerator gen = new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 6, START)
        .withSchemaChanges(new SchemaChanges(50, 300, 120, SchemaChanges.NEVER));
    gen.fullLoad(10);
    List<DmsRecord> changes = gen.changes(200);
    int renamed = 0;
    for (int i = 0; i < changes.size(); i++) {
      Map<String, Object> data = changes.get(i).data();
      if (i < 120) {
        assertTrue(!data.containsKey(SchemaChanges.RENAMED_COLUMN), i + ": " + data);
      } else if (i >= 145 && data.containsKey("amount")) {
        assertTrue(data.containsKey(SchemaChanges.RENAMED_COLUMN) && !data.containsKey(SchemaChanges.ADDED_COLUMN),
            i + ": " + data);
        renamed += data.get(SchemaChanges.RENAMED_COLUMN) != null ? 1 : 0;
      }
    }
    assertTrue(renamed > 5, "the renamed column carries the values: " + renamed);
    assertTrue(gen.sourceState().values().stream().noneMatch(r -> r.containsKey(SchemaChanges.ADDED_COLUMN)));
    assertThrows(IllegalArgumentException.class, () -> new SchemaChanges(50, 60, 50, SchemaChanges.NEVER));
  }

  @Test
  void aWidenedDecimalIsWrittenWithFourPlaces() {
    ChangeStreamGenerator gen = new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 8, START)
        .withSchemaChanges(new SchemaChanges(SchemaChanges.NEVER, SchemaChanges.NEVER, SchemaChanges.NEVER, 100));
    gen.fullLoad(10);
    List<DmsRecord> changes = gen.changes(200);
    int wide = 0;
    for (int i = 0; i < changes.size(); i++) {
      Object amount = changes.get(i).data().get(SchemaChanges.WIDENED_COLUMN);
      int scale = amount == null ? 0 : new java.math.BigDecimal(amount.toString()).scale();
      if (i < 100) {
        assertTrue(scale <= 2, i + ": " + amount);
      } else if (i >= 125 && changes.get(i).operation() != DmsOperation.DELETE) {
        wide += scale == 4 ? 1 : 0;
      }
    }
    assertTrue(wide > 30, "values written after the change have four places: " + wide);
  }

  @Test
  void aColumnIsAddedAndAnotherDroppedMidStream() {
    ChangeStreamGenerator gen = new ChangeStreamGenerator(TABLE, ChangeMix.oltp(), 6, START)
        .withSchemaChanges(new SchemaChanges(50, 150)).withKeyOnlyDeletes();
    List<DmsRecord> load = gen.fullLoad(10);
    List<DmsRecord> changes = gen.changes(200);
    assertTrue(load.stream().allMatch(r -> r.data().containsKey(SchemaChanges.DROPPED_COLUMN)
        && !r.data().containsKey(SchemaChanges.ADDED_COLUMN)));
    int withNote = 0;
    for (int i = 0; i < changes.size(); i++) {
      Map<String, Object> data = changes.get(i).data();
      boolean hasValues = data.containsKey("amount");
      // Duplicates are sent again as they were, so only bounds hold exactly around the switches.
      if (i < 50 || i >= 175) {
        assertEquals(i >= 175 && hasValues, data.containsKey(SchemaChanges.ADDED_COLUMN), i + ": " + data);
      }
      if (i < 150 || i >= 175) {
        assertEquals(i < 150 && hasValues, data.containsKey(SchemaChanges.DROPPED_COLUMN), i + ": " + data);
      }
      withNote += data.get(SchemaChanges.ADDED_COLUMN) != null ? 1 : 0;
    }
    assertTrue(withNote > 10, "the new column gets values: " + withNote);
    assertTrue(gen.sourceState().values().stream().noneMatch(r -> r.containsKey(SchemaChanges.DROPPED_COLUMN)));
  }

  private static boolean isKeyChange(DmsRecord r) {
    return r.operation() == DmsOperation.UPDATE && r.beforeImage().isPresent()
        && !r.beforeImage().get().get(SyntheticTable.KEY).equals(r.data().get(SyntheticTable.KEY));
  }

  private static boolean sameTransaction(DmsRecord a, DmsRecord b) {
    return a.transaction().orElseThrow().transactionId().equals(b.transaction().orElseThrow().transactionId());
  }

  private static List<String> render(ChangeStreamGenerator gen) {
    List<String> out = new ArrayList<>();
    gen.fullLoad(10).forEach(r -> out.add(DmsJson.toJson(r)));
    gen.changes(200).forEach(r -> out.add(DmsJson.toJson(r)));
    return out;
  }

  /** The rows that applying {@code records} in their order leaves: a key change moves the row, a delete drops it. */
  private static Map<Long, Map<String, Object>> replay(List<DmsRecord> records) {
    Map<Long, Map<String, Object>> replayed = new TreeMap<>();
    for (DmsRecord r : records) {
      long key = ((Number) r.data().get(SyntheticTable.KEY)).longValue();
      r.beforeImage().ifPresent(b -> replayed.remove(((Number) b.get(SyntheticTable.KEY)).longValue()));
      if (r.operation() == DmsOperation.DELETE) {
        replayed.remove(key);
      } else {
        replayed.put(key, r.data());
      }
    }
    return replayed;
  }
}
