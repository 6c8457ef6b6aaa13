package io.cdclake.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.raw.RawColumns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileSequenceTest {
  @Test
  void isFixedWidthDecimal() {
    String s = FileSequence.of("0001-full-load.jsonl", 1_709_283_600_000L, 7);
    assertEquals(RawColumns.STREAM_SEQUENCE_WIDTH, s.length());
    assertTrue(s.matches("[0-9]+"));
    assertTrue(s.endsWith("000000000007"));
  }

  @Test
  void stringOrderIsModificationTimeThenNameThenLine() {
    List<String> expected = List.of(
        FileSequence.of("b.jsonl", 1000, 99),
        FileSequence.of("a.jsonl", 2000, 1),
        FileSequence.of("a.jsonl", 2000, 2),
        FileSequence.of("a.jsonl", 2000, 10),
        FileSequence.of("a.jsonlx", 2000, 1),
        FileSequence.of("b.jsonl", 2000, 1));
    List<String> sorted = new ArrayList<>(expected);
    sorted.sort(null);
    assertEquals(expected, sorted);
  }

  @Test
  void longNamesStayDistinctAndOrderedByPrefix() {
    String prefix = "dms-capture-2024-03-01-09-00-00-";
    String a = FileSequence.of(prefix + "000001.jsonl", 5, 1);
    String b = FileSequence.of(prefix + "000002.jsonl", 5, 1);
    assertNotEquals(a, b, "names longer than 32 bytes differ by their hash");
    assertEquals(RawColumns.STREAM_SEQUENCE_WIDTH, a.length());
    assertTrue(FileSequence.of("dms-capture-2024-03-01-09-00-00-x", 5, 1)
        .compareTo(FileSequence.of("dms-capture-2024-03-02-09-00-00-x", 5, 1)) < 0);
  }

  @Test
  void isStable() {
    assertEquals(FileSequence.of("x", 1, 2), FileSequence.of("x", 1, 2));
  }

  @Test
  void rejectsWhatItCannotEncode() {
    assertThrows(IllegalArgumentException.class, () -> FileSequence.of("x", 1, 1_000_000_000_000L));
    assertThrows(IllegalArgumentException.class, () -> FileSequence.of("x", 1, -1));
  }

  @Test
  void aFileStampedBefore1970SortsWithTheOldestInsteadOfFailing() {
    // A restored archive can carry such a modification time; the source must not stop on it.
    assertEquals(FileSequence.of("x", 0, 1), FileSequence.of("x", -1, 1));
    assertEquals(FileSequence.of("x", 0, 1), FileSequence.of("x", Long.MIN_VALUE, 1));
    assertTrue(FileSequence.of("x", -5, 1).compareTo(FileSequence.of("a", 1, 1)) < 0);
  }
}
