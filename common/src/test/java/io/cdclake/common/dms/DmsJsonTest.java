package io.cdclake.common.dms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.ProjectFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DmsJsonTest {
  private static final Instant TS = Instant.parse("2024-03-01T10:15:30.123456789Z");

  @Test
  void timestampsAreWrittenLikeDmsWithMicroseconds() {
    assertEquals("2024-03-01T10:15:30.123456Z", DmsJson.formatTimestamp(TS));
    assertEquals("2024-03-01T10:15:30.000000Z", DmsJson.formatTimestamp(Instant.parse("2024-03-01T10:15:30Z")));
  }

  @Test
  void dataRecordRoundTripsWithTransactionAndBeforeImage() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", 7L);
    row.put("big", new BigInteger("123456789012345678901234567890"));
    row.put("amount", new BigDecimal("1999.99"));
    row.put("name", "Ada");
    row.put("flag", true);
    row.put("gone", null);
    DmsRecord r = DmsRecord.data(DmsOperation.UPDATE, "payments", "cards", TS, row)
        .withBeforeImage(Map.of("id", 6L))
        .withTransaction(new DmsRecord.Transaction("1001", Optional.of("1000"), 3,
            Instant.parse("2024-03-01T10:15:29Z"), Optional.of("00000001/016B3798")));
    String json = DmsJson.toJson(r);
    assertFalse(json.contains("\n"), "one line per record");
    DmsRecord back = DmsJson.parse(json);
    assertEquals(RecordType.DATA, back.recordType());
    assertEquals(DmsOperation.UPDATE, back.operation());
    assertEquals("cards", back.tableName());
    assertEquals(TS.truncatedTo(java.time.temporal.ChronoUnit.MICROS), back.timestamp());
    assertEquals(7L, back.data().get("id"));
    assertEquals(new BigInteger("123456789012345678901234567890"), back.data().get("big"));
    assertEquals(new BigDecimal("1999.99"), back.data().get("amount"));
    assertEquals(true, back.data().get("flag"));
    assertTrue(back.data().containsKey("gone"));
    assertEquals(List.copyOf(row.keySet()), List.copyOf(back.data().keySet()), "column order is kept");
    assertEquals(Map.of("id", 6L), back.beforeImage().orElseThrow());
    DmsRecord.Transaction tx = back.transaction().orElseThrow();
    assertEquals("1001", tx.transactionId());
    assertEquals(Optional.of("1000"), tx.previousTransactionId());
    assertEquals(3, tx.transactionRecordId());
    assertEquals(Optional.of("00000001/016B3798"), tx.streamPosition());
  }

  @Test
  void controlRecordHasNoData() {
    String json = DmsJson.toJson(DmsRecord.control(DmsOperation.ADD_COLUMN, "payments", "customers", TS));
    assertFalse(json.contains("\"data\""));
    assertTrue(json.contains("\"partition-key-type\":\"task-id\""));
    DmsRecord back = DmsJson.parse(json);
    assertEquals(RecordType.CONTROL, back.recordType());
    assertEquals(DmsOperation.ADD_COLUMN, back.operation());
    assertTrue(back.data().isEmpty());
  }

  @Test
  void dataAndControlOperationsCannotBeMixedUp() {
    assertThrows(IllegalArgumentException.class,
        () -> DmsRecord.data(DmsOperation.DROP_TABLE, "s", "t", TS, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> DmsRecord.control(DmsOperation.INSERT, "s", "t", TS));
  }

  @Test
  void parseNamesWhatIsWrong() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DmsJson.parse("{\"data\":"))
        .getMessage().startsWith("not JSON"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DmsJson.parse("[1]"))
        .getMessage().contains("not a JSON object"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DmsJson.parse("{\"data\":{}}"))
        .getMessage().contains("metadata"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> DmsJson.parse("{\"metadata\":{\"record-type\":\"event\",\"operation\":\"insert\"}}"))
        .getMessage().contains("record-type"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> DmsJson.parse("{\"metadata\":{\"record-type\":\"data\",\"operation\":\"merge\"}}"))
        .getMessage().contains("operation"));
  }

  @Test
  void operationsAreReadCaseInsensitively() {
    assertEquals(Optional.of(DmsOperation.INSERT), DmsOperation.fromWire(" INSERT "));
    assertEquals(Optional.empty(), DmsOperation.fromWire(null));
  }

  /**
   * The committed sample's DMS records (relational and DocumentDB) parse as the generator documents: only the two
   * bad lines are rejected. DynamoDB change records on the same stream are not DMS records.
   */
  @Test
  void sampleCaptureParsesExceptItsDeliberatelyBadLines() throws IOException {
    int ok = 0;
    int bad = 0;
    int dynamo = 0;
    try (Stream<Path> files = Files.list(ProjectFiles.testData().resolve("dms"))) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.contains("\"eventSource\":\"aws:dynamodb\"")) {
            dynamo++;
            continue;
          }
          try {
            DmsJson.parse(line);
            ok++;
          } catch (IllegalArgumentException e) {
            bad++;
          }
        }
      }
    }
    assertEquals(31, ok, "27 relational and 4 DocumentDB records");
    assertEquals(9, dynamo);
    assertEquals(2, bad, "the truncated line and the record without record-type");
  }
}
