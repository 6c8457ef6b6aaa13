package io.cdclake.bench;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.JsonLinesFileSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a backlog of generated records as JSON-lines files, as fast as possible (no pacing). */
final class RecordFiles {
  private RecordFiles() {}

  /** Writes {@code records} records from {@code source} into files of {@code perFile} records. */
  static void write(Path dir, ChangeSource source, long records, int perFile) throws IOException {
    // The sink starts a new file per interval of its clock; this clock moves one interval per file.
    AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    try (JsonLinesFileSink sink = new JsonLinesFileSink(dir, Duration.ofMillis(1), clock::get)) {
      long left = records;
      while (left > 0) {
        int n = (int) Math.min(perFile, left);
        int written = 0;
        while (written < n) {
          int chunk = Math.min(5000, n - written);
          sink.write(source.next(chunk, System.currentTimeMillis()));
          written += chunk;
        }
        clock.incrementAndGet();
        sink.rotateIfDue();
        left -= n;
      }
    }
  }
}
