package io.cdclake.ingest;

import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.decode.TestRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes numbered DMS capture files (customers inserts with unique ids) with increasing modification times. */
final class DmsFiles {
  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  private DmsFiles() {}

  /** {@code files} files of {@code perFile} inserts; customer ids 1..files*perFile in file and line order. */
  static Path customers(int files, int perFile) {
    Path dir = SharedSpark.newDir("dms-input-");
    long id = 1;
    for (int f = 0; f < files; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < perFile; i++, id++) {
        lines.add(DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, "payments", "customers",
            T0.plusSeconds(id), TestRows.customer(id))));
      }
      write(dir.resolve(String.format("%04d-cdc.jsonl", f)), lines, T0.plusSeconds(60L * f));
    }
    return dir;
  }

  static void write(Path file, List<String> lines, Instant modified) {
    try {
      Files.write(file, lines);
      Files.setLastModifiedTime(file, FileTime.from(modified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
