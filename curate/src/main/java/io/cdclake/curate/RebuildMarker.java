package io.cdclake.curate;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.LakePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The raw version a rebuild applied a table up to, kept in the table's state. The rebuild drops the table's stream
 * checkpoint; the next run, finding no checkpoint, starts its stream at the next raw version instead of re-reading
 * the whole raw table. A checkpoint, once there, always wins: the marker only bridges the first run.
 */
final class RebuildMarker {
  private static final String FILE = "rebuilt-raw-version";

  private RebuildMarker() {}

  static void write(SparkSession spark, LakePaths paths, TableContract contract, long rawVersion) {
    Path marker = marker(paths, contract);
    try {
      FileSystem fs = marker.getFileSystem(spark.sessionState().newHadoopConf());
      try (FSDataOutputStream out = fs.create(marker, true)) {
        out.write(Long.toString(rawVersion).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rebuild marker " + marker, e);
    }
  }

  /** The raw version to start the table's stream at, when it has no checkpoint and was rebuilt. */
  static Optional<Long> startingVersion(SparkSession spark, LakePaths paths, TableContract contract) {
    Path marker = marker(paths, contract);
    Path checkpoint = new Path(CuratePaths.checkpoint(paths, contract));
    try {
      FileSystem fs = marker.getFileSystem(spark.sessionState().newHadoopConf());
      if (fs.exists(new Path(checkpoint, "offsets")) || !fs.exists(marker)) {
        return Optional.empty();
      }
      try (FSDataInputStream in = fs.open(marker)) {
        return Optional.of(Long.parseLong(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()) + 1);
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the rebuild marker " + marker + " (delete it and the table's"
          + " checkpoint to re-read the whole raw table): " + e.getMessage(), e);
    }
  }

  private static Path marker(LakePaths paths, TableContract contract) {
    return new Path(CuratePaths.state(paths, contract), FILE);
  }
}
