package io.cdclake.app.jar;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/** The classes of a jar that sit, unrelocated, in a package EMR ships too: counted per package. */
final class JarOverlap {
  // A multi-release jar keeps a second copy of its classes under META-INF/versions/<n>/; they count as well.
  private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");

  private JarOverlap() {}

  /** EMR package to the number of its classes found in {@code jar}; empty when nothing overlaps. */
  static Map<String, Integer> of(Path jar, List<String> emrPackages) throws IOException {
    Map<String, Integer> found = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Collections.list(zip.entries()).forEach(entry -> {
        String name = VERSIONED.matcher(entry.getName()).replaceFirst("");
        if (!name.endsWith(".class")) {
          return;
        }
        for (String pkg : emrPackages) {
          if (name.startsWith(pkg)) {
            found.merge(pkg, 1, Integer::sum);
          }
        }
      });
    }
    return found;
  }
}
