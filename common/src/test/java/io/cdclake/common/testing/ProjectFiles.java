package io.cdclake.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the repository's own files (conf/, src-test-data/) from any module's tests. */
public final class ProjectFiles {
  private ProjectFiles() {}

  public static Path root() {
    String configured = System.getProperty("project.root");
    if (configured != null && !configured.isBlank() && Files.isDirectory(Paths.get(configured, "conf"))) {
      return Paths.get(configured);
    }
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("conf"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root (a folder with conf/) above the working dir");
    }
    return dir;
  }

  public static Path conf() {
    return root().resolve("conf");
  }

  public static Path testData() {
    return root().resolve("src-test-data");
  }
}
