package io.cdclake.bench.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes result tables as one long-format CSV ({@code section,case,metric,unit,value}, RFC 4180 quoting). */
public final class CsvWriter {
  public static final List<String> HEADER = List.of("section", "case", "metric", "unit", "value");

  private CsvWriter() {}

  public static void write(Path file, List<ResultTable> tables) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      line(w, HEADER);
      for (ResultTable t : tables) {
        for (List<String> row : t.csvRows()) {
          line(w, row);
        }
      }
    }
  }

  private static void line(Writer w, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(quote(cells.get(i)));
    }
    w.write("\r\n");
  }

  static String quote(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
