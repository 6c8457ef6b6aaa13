package io.cdclake.ingest.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Splitting a file's bytes into numbered lines, without decoding them (plain Java, no Spark session). */
class FileLinesTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** Line number -> line text, in order. */
  private static Map<Integer, String> lines(byte[] content) {
    Map<Integer, String> out = new TreeMap<>();
    int previous = 0;
    for (Row r : FileLines.split(content)) {
      int n = r.getInt(0);
      assertTrue(n > previous, "line numbers increase");
      previous = n;
      out.put(n, new String((byte[]) r.get(1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Map<Integer, String> lines(String content) {
    return lines(content.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void linesEndAtLineFeed() {
    assertEquals(Map.of(1, "{\"a\":1}", 2, "{\"b\":2}"), lines("{\"a\":1}\n{\"b\":2}\n"));
  }

  @Test
  void crLfIsOneLineEnd() {
    assertEquals(Map.of(1, "a", 2, "b", 3, "c"), lines("a\r\nb\r\nc\r\n"));
  }

  @Test
  void aBareCarriageReturnEndsALine() {
    // Two records separated by a lone CR stay two records (a JSON value cannot hold a raw CR).
    assertEquals(Map.of(1, "{\"a\":1}", 2, "{\"b\":2}"), lines("{\"a\":1}\r{\"b\":2}"));
    assertEquals(Map.of(1, "a", 3, "b", 4, "c"), lines("a\r\rb\r\nc\n"), "CR CR is two line ends");
    assertEquals(Map.of(1, "a", 3, "b"), lines("a\n\rb"), "LF then CR is two line ends, not one");
  }

  @Test
  void aByteOrderMarkAtTheStartIsNotPartOfTheFirstLine() {
    assertEquals(Map.of(1, "{\"a\":1}", 2, "{\"b\":2}"),
        lines(concat(BOM, "{\"a\":1}\n{\"b\":2}".getBytes(StandardCharsets.UTF_8))));
    assertEquals(Map.of(2, "x"), lines(concat(BOM, "\nx".getBytes(StandardCharsets.UTF_8))),
        "a BOM alone on the first line leaves it empty");
    assertEquals(Map.of(), lines(BOM));
    // Only at the start of the file: elsewhere the bytes are the line's, for the decoder to judge.
    List<Row> rows = FileLines.split(concat("a\n".getBytes(StandardCharsets.UTF_8), concat(BOM, new byte[] {'b'})));
    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'b'}, (byte[]) rows.get(1).get(1));
  }

  @Test
  void emptyLinesAreSkippedButStillCounted() {
    assertEquals(Map.of(1, "a", 4, "b", 7, "c"), lines("a\n\n\r\nb\n\r\rc\n\n"));
    assertEquals(Map.of(3, "a"), lines("\n\na"));
    // A line of blanks is not empty: it is a record, for the decoder to quarantine.
    assertEquals(Map.of(1, " ", 2, "\t"), lines(" \n\t\n"));
  }

  @Test
  void theLastLineNeedsNoLineEnd() {
    assertEquals(Map.of(1, "a", 2, "b"), lines("a\nb"));
    assertEquals(Map.of(1, "only"), lines("only"));
    assertEquals(Map.of(1, "a", 2, "b"), lines("a\r\nb\r"));
  }

  @Test
  void nothingInNothingOut() {
    assertTrue(FileLines.split(null).isEmpty());
    assertTrue(FileLines.split(new byte[0]).isEmpty());
    assertTrue(FileLines.split("\n\r\n\r".getBytes(StandardCharsets.UTF_8)).isEmpty());
  }

  @Test
  void bytesAreKeptAsTheyAre() {
    byte[] content = {'{', (byte) 0xFF, (byte) 0xC0, (byte) 0xAF, 0, '}', '\n', (byte) 0xE9};
    List<Row> rows = FileLines.split(content);
    assertEquals(2, rows.size());
    assertArrayEquals(new byte[] {'{', (byte) 0xFF, (byte) 0xC0, (byte) 0xAF, 0, '}'}, (byte[]) rows.get(0).get(1));
    assertArrayEquals(new byte[] {(byte) 0xE9}, (byte[]) rows.get(1).get(1));
    assertEquals(2, rows.get(1).getInt(0));
  }

  @Test
  void aLargeFileSplitsInLinearTime() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      sb.append("{\"n\":").append(i).append("}\n");
    }
    long start = System.nanoTime();
    List<Row> rows = FileLines.split(sb.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(200_000, rows.size());
    assertEquals(200_000, rows.get(199_999).getInt(0));
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "splitting took more than 10 s");
  }
}
