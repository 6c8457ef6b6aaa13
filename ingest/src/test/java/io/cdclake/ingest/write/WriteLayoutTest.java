package io.cdclake.ingest.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteLayoutTest {
  @Test
  void aQuietTableIsOneFileWhateverTheCores() {
    WriteLayout l = WriteLayout.of(Map.of("s.t", 3L), 16, 16);
    assertTrue(l.shuffle());
    assertEquals(1, l.tasks());
    assertEquals(Map.of(), l.splits());
    assertEquals(1, l.files());
  }

  @Test
  void oneLargeTableIsWrittenWhereItIsWithoutAShuffle() {
    WriteLayout l = WriteLayout.of(Map.of("s.t", 20_000L), 4, 4);
    assertFalse(l.shuffle(), "four partitions already write the four files a split would");
    assertEquals(4, l.files());
  }

  /** What decides whether a task can write its tables unsorted, one open file each. */
  @Test
  void tablesPerTaskAreTheBatchsTablesUnshuffledAndTheirShareShuffled() {
    assertEquals(1, WriteLayout.of(Map.of("s.t", 20_000L), 4, 4).tablesPerTask());
    WriteLayout shuffled = WriteLayout.of(smallTables(1000), 2, 2);
    assertTrue(shuffled.shuffle());
    assertEquals(500, shuffled.tablesPerTask());
  }

  @Test
  void aLargeTableInFewPartitionsIsShuffledAndSplit() {
    WriteLayout l = WriteLayout.of(Map.of("s.t", 20_000L), 4, 1);
    assertTrue(l.shuffle(), "one partition would write it on one core");
    assertEquals(Map.of("s.t", 4L), l.splits());
    assertEquals(4, l.tasks());
    WriteLayout full = WriteLayout.of(Map.of("s.t", 2_000_000L), 4, 2);
    assertTrue(full.shuffle(), "a full load is cut into files of at most 250,000 rows");
    assertEquals(8, full.splits().get("s.t"));
    assertEquals(4, full.tasks());
  }

  @Test
  void manySmallTablesAreShuffledIntoOneFileEach() {
    WriteLayout l = WriteLayout.of(smallTables(1000), 4, 4);
    assertTrue(l.shuffle());
    assertEquals(4, l.tasks());
    assertEquals(1000, l.files(), "not 4,000: one per table");
    assertEquals(Map.of(), l.splits());
  }

  @Test
  void aFullLoadBesideQuietTablesIsSplitAloneOverTheCores() {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("s.big", 100_000L);
    for (int i = 0; i < 50; i++) {
      rows.put("s.t" + i, 40L);
    }
    WriteLayout l = WriteLayout.of(rows, 8, 8);
    assertTrue(l.shuffle());
    assertEquals(Map.of("s.big", 7L), l.splits(), "its share of 8 cores, rounded down");
    assertEquals(8, l.tasks());
    assertEquals(57, l.files());
  }

  @Test
  void unknownCountsGoToOneTask() {
    WriteLayout l = WriteLayout.of(Map.of(), 8, 8);
    assertTrue(l.shuffle());
    assertEquals(1, l.tasks());
  }

  /** {@code n} tables of 20 rows each. */
  private static Map<String, Long> smallTables(int n) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      rows.put("s.t" + i, 20L);
    }
    return rows;
  }
}
