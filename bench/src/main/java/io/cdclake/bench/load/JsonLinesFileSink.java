package io.cdclake.bench.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Writes records as DMS JSON lines, one file per interval, for the ingest {@code files} source. A file is written
 * under a hidden name ({@code .}-prefixed, which Spark's file source ignores) and renamed into place when its
 * interval ends, so the ingest job never reads a half-written file.
 *
 * <p>File names sort in write order: {@code dms-<sequence>-<interval start, UTC, yyyyMMdd'T'HHmmss.SSS>.jsonl}.
 * The start is not written as epoch milliseconds: 13 digits in a row are Luhn-valid one time in ten, and ingest
 * rightly warns of a file name that looks like a card number.
 */
public final class JsonLinesFileSink implements RecordSink {
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(ZoneOffset.UTC);
  private final Path dir;
  private final long intervalMs;
  private final LongSupplier clockMs;
  private BufferedWriter writer;
  private Path inProgress;
  private Path target;
  private long fileStartMs;
  private long files;

  public JsonLinesFileSink(Path dir, Duration interval, LongSupplier clockMs) throws IOException {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("file interval must be positive, was " + interval);
    }
    this.dir = Files.createDirectories(dir);
    this.intervalMs = interval.toMillis();
    this.clockMs = clockMs;
  }

  @Override
  public void write(List<LoadRecord> batch) throws IOException {
    long now = clockMs.getAsLong();
    if (writer != null && now - fileStartMs >= intervalMs) {
      finishFile();
    }
    if (batch.isEmpty()) {
      return;
    }
    if (writer == null) {
      openFile(now);
    }
    for (LoadRecord r : batch) {
      writer.write(r.json());
      writer.write('\n');
    }
  }

  /** Closes the current file if its interval is over even though no new record arrived. */
  public void rotateIfDue() throws IOException {
    if (writer != null && clockMs.getAsLong() - fileStartMs >= intervalMs) {
      finishFile();
    }
  }

  @Override
  public long requests() {
    return files;
  }

  @Override
  public long retriedRecords() {
    return 0;
  }

  @Override
  public void close() throws IOException {
    if (writer != null) {
      finishFile();
    }
  }

  private void openFile(long now) throws IOException {
    files++;
    fileStartMs = now;
    String name = String.format("dms-%08d-%s.jsonl", files, START.format(Instant.ofEpochMilli(now)));
    target = dir.resolve(name);
    inProgress = dir.resolve("." + name + ".inprogress");
    writer = Files.newBufferedWriter(inProgress, StandardCharsets.UTF_8);
  }

  private void finishFile() throws IOException {
    writer.close();
    writer = null;
    Files.move(inProgress, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
