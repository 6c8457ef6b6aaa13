package io.cdclake.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.pci.LuhnSweep;
import io.cdclake.curate.testing.Dms;
import io.cdclake.curate.testing.TestLake;
import io.cdclake.ingest.IngestJob;
import io.cdclake.ingest.IngestReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * The PAN sweep: a corpus with card numbers in every place a record has (protected and undeclared columns, column
 * names, before-images, envelope fields, unknown metadata, table names of unconfigured tables and control records,
 * malformed lines, JSON escapes, a value curate holds) goes through ingest and curate; afterwards no file under
 * any zone or checkpoint, read as Parquet rows or as text, and no log line of the run holds a card number.
 */
class PanSweepTest {
  static final String CARDS = """
      {
        "source": { "schema": "pay", "table": "cards" },
        "primaryKey": ["id"],
        "curated": { "table": "pay_cards", "historyMode": "scd2" },
        "columns": [
          { "name": "id", "type": "bigint" },
          { "name": "card_number", "type": "string", "protect": "hash" },
          { "name": "holder", "type": "string", "protect": "mask" },
          { "name": "limit_cents", "type": "bigint" }
        ]
      }
      """;
  static final String VISA = "4111111111111111";
  static final String MASTERCARD = "5500005555555559";
  static final String AMEX = "378282246310005";

  /** Card numbers as a card network would issue them: the sweep's definition (a Delta commit's epoch millis is none). */
  static List<String> cardNumbers(String text) {
    return LuhnSweep.panWindows(text).stream().filter(w -> w.charAt(0) >= '2' && w.charAt(0) <= '6').toList();
  }

  @Test
  void noCardNumberInAnyZoneCheckpointOrLogLine() throws IOException {
    TestLake lake = TestLake.create(CARDS);
    List<String> lines = new ArrayList<>();
    Map<String, Object> first = Dms.row("id", 1L, "card_number", VISA, "holder", "Ada " + MASTERCARD,
        "limit_cents", 100, "note", "paid with 4111 1111 1111 1111", "memo_" + MASTERCARD, "x");
    DmsRecord insert = DmsRecord.data(DmsOperation.INSERT, "pay", "cards", Dms.at(10), first)
        .withTransaction(new DmsRecord.Transaction(VISA, Optional.of("4111-1111-1111-1111"), 1, Dms.at(10),
            Optional.of("pos " + AMEX)));
    lines.add(DmsJson.toJson(insert).replace("\"metadata\":{", "\"metadata\":{\"producer-note\":\"" + AMEX
        + "\",\"x-" + VISA + "\":\"1\","));
    Map<String, Object> after = Dms.row("id", 1L, "card_number", MASTERCARD, "holder", "Ada", "limit_cents", 200,
        "note", "new card 5500.0055.5555.5559");
    lines.add(DmsJson.toJson(Dms.update("pay", "cards", 20, 1, first, after)));
    // A value curate holds (not a bigint), beside card numbers in other columns. (A declared, unprotected column
    // is stored as sent: what it may hold is the contract's call, which is why card-like names must be protected.)
    lines.add(DmsJson.toJson(Dms.change(DmsOperation.INSERT, "pay", "cards", 30, 1,
        Dms.row("id", 2L, "card_number", AMEX, "limit_cents", "lots", "note", "order 2024 " + AMEX))));
    lines.add(DmsJson.toJson(Dms.change(DmsOperation.INSERT, "pay", "t" + VISA, 40, 1, Dms.row("id", 3L))));
    lines.add(DmsJson.toJson(DmsRecord.control(DmsOperation.CREATE_TABLE, "pay", "c" + MASTERCARD, Dms.at(50))));
    lines.add("{\"data\": {\"card\": \"" + VISA + "\", \"x\": "); // truncated
    lines.add(DmsJson.toJson(Dms.change(DmsOperation.INSERT, "pay", "cards", 60, 1, Dms.row("id", 4L,
        "note", "ESCAPED"))).replace("ESCAPED", "\\u0035\\u0035\\u00300005555555559"));
    Files.write(lake.inputDir().resolve("0001.jsonl"), lines, StandardCharsets.UTF_8);

    List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    try (LogCapture capture = LogCapture.start(logLines)) {
      IngestReport ingested = IngestJob.runAvailableNow(lake.spark, lake.config(),
          HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
      assertEquals(lines.size(), ingested.recordsIn(), ingested.render());
      CurateReport curated = lake.curate();
      assertEquals(TableReport.Status.QUARANTINED, curated.table("pay_cards").orElseThrow().status(),
          "the value that is not a bigint is held: " + curated);
    }

    List<String> found = new ArrayList<>();
    for (String zone : List.of("raw", "curated", "quarantine", "checkpoints")) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(lake.dir.resolve(zone))) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      for (Path f : files) {
        for (String text : contents(lake, f)) {
          cardNumbers(text).forEach(pan -> found.add(lake.dir.relativize(f) + ": " + pan + " in " + text));
        }
      }
    }
    assertTrue(!logLines.isEmpty(), "the capture saw the run's log");
    for (String line : logLines) {
      cardNumbers(line).forEach(pan -> found.add("log: " + pan + " in " + line));
    }
    assertEquals(List.of(), found);
    // The sweep is not blind: the input it read from holds every card number.
    String input = Files.readString(lake.inputDir().resolve("0001.jsonl"));
    assertTrue(cardNumbers(input).containsAll(List.of(VISA, MASTERCARD, AMEX)), cardNumbers(input).toString());
  }

  /** A Parquet file as its rows in JSON (values as a reader sees them), any other file as text. */
  private static List<String> contents(TestLake lake, Path f) throws IOException {
    String name = f.getFileName().toString();
    if (name.endsWith(".parquet")) {
      return lake.spark.read().parquet(f.toString()).toJSON().collectAsList();
    }
    if (name.startsWith(".") && name.endsWith(".crc")) {
      return List.of(); // Hadoop's binary checksums of the files above
    }
    return List.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
  }

  /** Every log event of the run, formatted with its stack trace, while open. */
  private static final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final List<String> lines;

    private LogCapture(List<String> lines) {
      super("pan-sweep", null, null, true, Property.EMPTY_ARRAY);
      this.lines = lines;
    }

    static LogCapture start(List<String> lines) {
      LogCapture c = new LogCapture(lines);
      c.start();
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      var root = ctx.getConfiguration().getRootLogger();
      root.addAppender(c, Level.ALL, null);
      var ours = ctx.getConfiguration().getLoggerConfig("io.cdclake");
      if (ours != root) {
        ours.addAppender(c, Level.ALL, null);
      }
      ctx.updateLoggers();
      return c;
    }

    @Override
    public void append(LogEvent event) {
      StringBuilder s = new StringBuilder(event.getMessage().getFormattedMessage());
      if (event.getThrown() != null) {
        java.io.StringWriter w = new java.io.StringWriter();
        event.getThrown().printStackTrace(new java.io.PrintWriter(w));
        s.append('\n').append(w);
      }
      lines.add(s.toString());
    }

    @Override
    public void close() {
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      ctx.getConfiguration().getRootLogger().removeAppender(getName());
      ctx.getConfiguration().getLoggerConfig("io.cdclake").removeAppender(getName());
      ctx.updateLoggers();
      stop();
    }
  }
}
