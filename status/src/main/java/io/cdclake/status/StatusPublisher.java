package io.cdclake.status;

import io.cdclake.common.config.Zones;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes the page where the zones live (S3 on a cluster, the local disk locally), replacing the previous one. */
public final class StatusPublisher {
  private StatusPublisher() {}

  /** {@code status.html} beside the zones: the parent of the checkpoints zone ({@code local-lake/} locally). */
  public static String defaultLocation(Zones zones) {
    String checkpoints = zones.checkpoints().replaceAll("/+$", "");
    int slash = checkpoints.lastIndexOf('/');
    return (slash <= 0 ? "." : checkpoints.substring(0, slash)) + "/status.html";
  }

  /** Writes the page; S3 replaces an object whole, so a reader never sees half a page. */
  public static void write(String location, String html, Configuration hadoop) {
    if (!location.contains("://")) {
      // Locally through java.nio: Hadoop's local filesystem would leave a .crc file beside the page.
      try {
        java.nio.file.Path file = java.nio.file.Path.of(location);
        if (file.toAbsolutePath().getParent() != null) {
          java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        }
        java.nio.file.Files.writeString(file, html, StandardCharsets.UTF_8);
        return;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the status page to " + location + ": " + e.getMessage(), e);
      }
    }
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      try (OutputStream out = fs.create(path, true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the status page to " + location + ": " + e.getMessage(), e);
    }
  }
}
