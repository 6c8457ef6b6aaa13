package io.cdclake.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultTableTest {
  @TempDir
  Path dir;

  private static ResultTable merge() {
    return new ResultTable("Curate merge", List.of(ResultTable.col("time", "s"), ResultTable.col("rows/s", ""),
        ResultTable.col("mode", "")))
        .row("100k rows", 1.234, 16_205L, "copy-on-write")
        .row("5M rows, \"big\"", 61.5, null, "deletion vectors")
        .note("one run each");
  }

  @Test
  void rendersAlignedColumnsWithUnitsAndDashesForMissingFigures() {
    String text = merge().render();
    List<String> lines = text.lines().toList();
    assertEquals("== Curate merge ==", lines.get(0));
    assertTrue(lines.get(1).startsWith("case "), lines.get(1));
    assertTrue(lines.get(1).contains("time (s)"));
    assertTrue(lines.get(3).contains("1.23") && lines.get(3).contains("16,205"), lines.get(3));
    assertTrue(lines.get(4).contains(" - "), "missing figure shown as a dash: " + lines.get(4));
    // Every table line has its column separators at the same positions.
    int bar = lines.get(1).indexOf('|');
    assertEquals(bar, lines.get(3).indexOf('|'));
    assertEquals(bar, lines.get(4).indexOf('|'));
    assertEquals("  note: one run each", lines.get(5));
  }

  @Test
  void writesLongFormatCsvWithQuoting() throws Exception {
    Path csv = dir.resolve("out/results.csv");
    CsvWriter.write(csv, List.of(merge()));
    List<String> lines = Files.readAllLines(csv);
    assertEquals("section,case,metric,unit,value", lines.get(0));
    assertEquals("Curate merge,100k rows,time,s,1.234", lines.get(1));
    assertEquals("Curate merge,100k rows,rows/s,,16205", lines.get(2));
    assertEquals("Curate merge,\"5M rows, \"\"big\"\"\",rows/s,,", lines.get(5));
    assertEquals(7, lines.size());
  }

  @Test
  void rowsMustMatchTheColumns() {
    ResultTable t = new ResultTable("x", List.of(ResultTable.col("a", "")));
    assertThrows(IllegalArgumentException.class, () -> t.row("r", 1, 2));
  }
}
