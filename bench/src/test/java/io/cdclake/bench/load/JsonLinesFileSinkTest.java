package io.cdclake.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.synth.ChangeMix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkTest {
  @TempDir
  Path dir;

  private List<Path> visibleFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  @Test
  void writesOneFilePerIntervalAndOnlyFinishedFilesAreVisible() throws IOException {
    AtomicLong now = new AtomicLong(1_700_000_000_000L);
    ChangeSource source = new ChangeSource(TableLoad.parseList("bench.orders:500"), ChangeMix.oltp(), 5,
        Instant.parse("2024-03-01T00:00:00Z"), PartitionKeyMode.PRIMARY_KEY);
    List<String> sent = new ArrayList<>();
    try (JsonLinesFileSink sink = new JsonLinesFileSink(dir, Duration.ofSeconds(1), now::get)) {
      for (int tick = 0; tick < 10; tick++) {
        List<LoadRecord> batch = source.next(25, now.get());
        sink.write(batch);
        batch.forEach(r -> sent.add(r.json()));
        // Four batches per second: the first file holds ticks 0-3.
        now.addAndGet(250);
        if (tick == 2) {
          assertEquals(List.of(), visibleFiles(), "the open file stays hidden");
        }
      }
      assertEquals(2, visibleFiles().size());
      now.addAndGet(1000);
      sink.rotateIfDue();
      assertEquals(3, visibleFiles().size());
    }
    List<Path> files = visibleFiles();
    assertEquals(3, files.size());
    List<String> lines = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      assertTrue(name.matches("dms-\\d{8}-\\d{8}T\\d{6}\\.\\d{3}\\.jsonl"), name);
      assertFalse(name.matches(".*\\d{13}.*"), "no run of digits a card number could be: " + name);
      lines.addAll(Files.readAllLines(f));
    }
    assertEquals(sent, lines, "every record once, in order, one per line");
    assertEquals(100, Files.readAllLines(files.get(0)).size());
    assertEquals(100, Files.readAllLines(files.get(1)).size());
    assertEquals(50, Files.readAllLines(files.get(2)).size());
    lines.forEach(DmsJson::parse);
    try (Stream<Path> all = Files.list(dir)) {
      assertEquals(3, all.count(), "no in-progress file left behind");
    }
  }
}
