package io.cdclake.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Main code uses Delta only through its public API ({@code io.delta.tables}, SQL, DataFrame options): Delta's
 * internals ({@code org.apache.spark.sql.delta.*}) change between minor versions, and EMR 7.x ships Delta 3.0 to
 * 3.3. Nothing is allowed. String literals are not code: {@code SparkSessions} names Delta's catalog class as a
 * configuration value, which Spark loads by name and which is how Delta's documentation sets up a session.
 */
class DeltaPublicApiOnlyTest {
  private static final Pattern INTERNAL = Pattern.compile("\\borg\\s*\\.\\s*apache\\s*\\.\\s*spark\\s*\\.\\s*sql"
      + "\\s*\\.\\s*delta\\s*\\.");
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

  /** Lines of {@code source} that reach into Delta's internals, as "line: text". */
  static List<String> internalReferences(String source) {
    String code = CodeText.of(source);
    String[] codeLines = code.split("\n", -1);
    String[] sourceLines = source.split("\n", -1);
    List<String> found = new ArrayList<>();
    for (int i = 0; i < codeLines.length; i++) {
      if (INTERNAL.matcher(codeLines[i]).find()) {
        found.add((i + 1) + ": " + sourceLines[i].trim());
      }
    }
    return found;
  }

  @Test
  void noModuleMainCodeReferencesDeltaInternals() throws IOException {
    Path root = ProjectFiles.root();
    List<String> modules = new ArrayList<>();
    Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
    while (m.find()) {
      modules.add(m.group(1).trim());
    }
    assertTrue(modules.contains("curate") && modules.contains("catalog"), "modules read from pom.xml: " + modules);

    TreeSet<String> violations = new TreeSet<>();
    int scanned = 0;
    for (String module : modules) {
      Path main = root.resolve(module).resolve("src/main");
      if (!Files.isDirectory(main)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".scala")).toList()) {
          scanned++;
          for (String line : internalReferences(Files.readString(f))) {
            violations.add(root.relativize(f) + ":" + line);
          }
        }
      }
    }
    assertTrue(scanned > 50, "only " + scanned + " main source files found under " + root);
    assertEquals(new TreeSet<String>(), violations, "main code uses Delta internals");
  }

  @Test
  void findsImportsAndQualifiedNamesButNotCommentsOrStrings() {
    assertEquals(List.of("2: import org.apache.spark.sql.delta.DeltaLog;"), internalReferences("""
        package p;
        import org.apache.spark.sql.delta.DeltaLog;
        import io.delta.tables.DeltaTable;
        """));
    assertEquals(List.of("1: import static org.apache.spark.sql.delta.DeltaLog.forTable;",
        "2: import org.apache.spark.sql.delta.*;"), internalReferences("""
        import static org.apache.spark.sql.delta.DeltaLog.forTable;
        import org.apache.spark.sql.delta.*;
        """));
    assertEquals(List.of("2: long v = org.apache.spark.sql.delta.DeltaLog.forTable(spark, p).update().version();"),
        internalReferences("""
            // org.apache.spark.sql.delta.DeltaLog would tie us to one Delta version
            long v = org.apache.spark.sql.delta.DeltaLog.forTable(spark, p).update().version();
            """));
    assertEquals(List.of(), internalReferences("""
        /* org.apache.spark.sql.delta.Snapshot */ String c = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
        char q = '"'; String s = "a \\" org.apache.spark.sql.delta.X"; String t = \"""
            org.apache.spark.sql.delta.Y
            \""";
        import io.delta.tables.DeltaTable;
        """));
  }
}
