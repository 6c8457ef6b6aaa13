package io.cdclake.ingest.decode;

import static io.cdclake.ingest.decode.TestRows.card;
import static io.cdclake.ingest.decode.TestRows.customer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.pci.ColumnProtection;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.pci.Protectors;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.common.testing.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decode stage as DataFrames, on static frames (no I/O): the rows the raw Delta table would get, in exactly
 * its stored layout, and the rows quarantine would get.
 */
class BatchDecoderTest {
  private static final HashKey KEY = HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  /** Arrival half a second before midnight; the DMS and commit timestamps fall on other days on purpose. */
  private static final Instant ARRIVAL = Instant.parse("2024-03-05T23:59:59.500Z");
  private static final Instant TS = Instant.parse("2024-03-04T10:00:00Z");
  private static final Instant COMMIT = Instant.parse("2024-03-06T00:00:01.000001Z");
  private static final long BATCH = 7;

  private static BatchDecoder decoder;

  @BeforeAll
  static void contracts() {
    List<TableContract> tables = new ConfigLoader(Map.of()).loadContracts(ProjectFiles.conf().resolve("contracts"));
    decoder = new BatchDecoder(tables, new ColumnProtection(KEY, tables));
  }

  private static String json(DmsRecord r) {
    return DmsJson.toJson(r);
  }

  private record Out(List<Row> raw, List<Row> quarantine, StructType rawSchema, StructType quarantineSchema) {}

  private static Out decode(SourceRecords in) {
    Dataset<Row> decoded = decoder.decode(in.frame());
    Dataset<Row> raw = decoder.raw(decoded, BATCH);
    Dataset<Row> quarantine = decoder.quarantined(decoded, BATCH);
    Comparator<Row> bySequence = Comparator.comparing(r -> r.<String>getAs(RawColumns.STREAM_SEQUENCE));
    return new Out(raw.collectAsList().stream().sorted(bySequence).toList(),
        quarantine.collectAsList().stream().sorted(bySequence).toList(), raw.schema(), quarantine.schema());
  }

  private static Row only(List<Row> rows) {
    assertEquals(1, rows.size(), "rows: " + rows);
    return rows.get(0);
  }

  private static Map<String, String> map(Row r, String column) {
    return r.isNullAt(r.fieldIndex(column)) ? null : r.getJavaMap(r.fieldIndex(column));
  }

  private static void assertSameLayout(StructType expected, StructType actual) {
    assertArrayEquals(expected.fieldNames(), actual.fieldNames());
    for (StructField f : expected.fields()) {
      assertEquals(f.dataType(), actual.apply(f.name()).dataType(), f.name());
    }
  }

  @Test
  void rawRowsHaveExactlyTheStoredLayout() {
    Out out = decode(new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS, card(10, "4111111111111111"))))
        .add(json(DmsRecord.control(DmsOperation.CREATE_TABLE, "payments", "cards", TS)))
        .add("not json"));
    assertSameLayout(RawSchema.stored(), out.rawSchema());
    assertSameLayout(Quarantine.schema(), out.quarantineSchema());
    assertEquals(2, out.raw().size());
    for (Row r : out.raw()) {
      assertSameLayout(RawSchema.stored(), r.schema());
    }
    assertSameLayout(Quarantine.schema(), only(out.quarantine()).schema());
  }

  @Test
  void noCardNumberSurvivesInTheEnvelopeNamesOrValuesOfARawRow() {
    String pan = "4111111111111111";
    Map<String, Object> after = customer(5);
    after.put("note_" + pan, "x");
    DmsRecord r = DmsRecord.data(DmsOperation.UPDATE, "payments", "customers", TS, after)
        .withBeforeImage(customer(5))
        .withTransaction(new DmsRecord.Transaction(pan, Optional.of("4111 1111 1111 1111"), 2, COMMIT,
            Optional.of("pos 4111-1111-1111-1111")));
    String json = json(r).replace("\"metadata\":{", "\"metadata\":{\"producer-" + pan + "\":\"" + pan + "\",");
    Row row = only(decode(new SourceRecords(ARRIVAL).add(json.getBytes(StandardCharsets.UTF_8), pan)).raw());
    for (StructField f : row.schema().fields()) {
      Object v = row.getAs(f.name());
      List<String> texts = v instanceof scala.collection.Map<?, ?>
          ? map(row, f.name()).entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(),
              String.valueOf(e.getValue()))).toList()
          : List.of(String.valueOf(v));
      for (String t : texts) {
        assertTrue(io.cdclake.common.pci.LuhnSweep.panWindows(t).isEmpty(), f.name() + ": " + t);
      }
    }
    assertTrue(map(row, RawColumns.DATA).containsKey("note_xxxxxxxxxxxx1111"), map(row, RawColumns.DATA).toString());
  }

  @Test
  void dataRecordsKeepTheEnvelopeAndTheirValuesAsText() {
    Map<String, Object> after = card(12, "4111111111111111");
    after.put("loyalty_tier", "gold");
    after.put("amount_text", new java.math.BigDecimal("12345678901234567890.123456789"));
    DmsRecord r = DmsRecord.data(DmsOperation.UPDATE, "payments", "cards", TS, after)
        .withBeforeImage(card(12, "4111111111111111"))
        .withTransaction(new DmsRecord.Transaction("1002", Optional.of("1001"), 2, COMMIT,
            Optional.of("00000001/016B3848")));
    Row row = only(decode(new SourceRecords(ARRIVAL).add(json(r))).raw());
    assertEquals("data", row.getAs(RawColumns.RECORD_TYPE));
    assertEquals("update", row.getAs(RawColumns.OP));
    assertEquals("payments", row.getAs(RawColumns.SCHEMA_NAME));
    assertEquals("cards", row.getAs(RawColumns.TABLE_NAME));
    assertEquals("payments.cards", row.getAs(RawColumns.SOURCE_TABLE));
    assertEquals(Timestamp.from(TS), row.getAs(RawColumns.DMS_TIMESTAMP));
    assertEquals(Timestamp.from(COMMIT), row.getAs(RawColumns.COMMIT_TIMESTAMP));
    assertEquals("1002", row.getAs(RawColumns.TRANSACTION_ID));
    assertEquals("1001", row.getAs(RawColumns.PREVIOUS_TRANSACTION_ID));
    assertEquals(2L, (Long) row.getAs(RawColumns.TRANSACTION_RECORD_ID));
    assertEquals("00000001/016B3848", row.getAs(RawColumns.STREAM_POSITION));
    assertEquals(SourceRecords.sequence(1), row.getAs(RawColumns.STREAM_SEQUENCE));
    assertEquals("pk-1", row.getAs(RawColumns.STREAM_PARTITION_KEY));
    assertEquals(Timestamp.from(ARRIVAL), row.getAs(RawColumns.ARRIVAL_TIMESTAMP));
    assertEquals(BATCH, (Long) row.getAs(RawColumns.INGEST_BATCH_ID));

    Map<String, String> metadata = map(row, RawColumns.METADATA);
    assertEquals("update", metadata.get("operation"));
    assertEquals("schema-table", metadata.get("partition-key-type"));
    assertEquals("2024-03-06T00:00:01.000001Z", metadata.get("commit-timestamp"));

    String hash = new Protectors.Hasher(KEY).hash("4111111111111111");
    Map<String, String> data = map(row, RawColumns.DATA);
    assertEquals("12", data.get("card_id"));
    assertEquals("12", data.get("expiry_month"));
    assertEquals(hash, data.get("pan"));
    assertTrue(data.get("card_holder").startsWith("*"));
    assertEquals("gold", data.get("loyalty_tier"));
    assertEquals("12345678901234567890.123456789", data.get("amount_text"));
    Map<String, String> before = map(row, RawColumns.BEFORE_IMAGE);
    assertEquals(hash, before.get("pan"));
    assertFalse(before.containsKey("loyalty_tier"));
  }

  @Test
  void sourceTableIsTheTableForDataAndControlForControlRecords() {
    Out out = decode(new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(1))))
        .add(json(DmsRecord.control(DmsOperation.CREATE_TABLE, "payments", "customers", TS)))
        .add(json(DmsRecord.data(DmsOperation.LOAD, "payments", "payments", TS, Map.of("payment_id", 5))))
        .add(json(DmsRecord.control(DmsOperation.ADD_COLUMN, "payments", "audit_log", TS)))
        .add(json(DmsRecord.control(DmsOperation.DROP_TABLE, "../../etc", "a/b'\"c", TS))));
    assertTrue(out.quarantine().isEmpty(), "control records of unconfigured tables are still control records");
    List<Row> raw = out.raw();
    assertEquals(List.of("payments.customers", RawColumns.CONTROL_PARTITION, "payments.payments",
        RawColumns.CONTROL_PARTITION, RawColumns.CONTROL_PARTITION),
        raw.stream().map(r -> r.<String>getAs(RawColumns.SOURCE_TABLE)).toList());
    assertEquals(List.of("data", "control", "data", "control", "control"),
        raw.stream().map(r -> r.<String>getAs(RawColumns.RECORD_TYPE)).toList());
    Row control = raw.get(3);
    assertEquals("add-column", control.getAs(RawColumns.OP));
    assertEquals("audit_log", control.getAs(RawColumns.TABLE_NAME));
    assertNull(map(control, RawColumns.DATA));
    // A table name that is not a safe path stays a value: the partition is _control.
    assertEquals("../../etc", raw.get(4).getAs(RawColumns.SCHEMA_NAME));
    assertEquals("a/b'\"c", raw.get(4).getAs(RawColumns.TABLE_NAME));
  }

  @Test
  void dayPartitionsComeFromTheArrivalTime() {
    Out out = decode(new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(1))
            .withTransaction(new DmsRecord.Transaction("1", Optional.empty(), 1, COMMIT, Optional.empty()))))
        .add("{\"truncated\":"));
    // 23:59:59.5 UTC on the 5th stays on the 5th, zero-padded; the DMS (4th) and commit (6th) days do not count.
    for (Row r : List.of(only(out.raw()), only(out.quarantine()))) {
      assertEquals("2024", r.getAs(RawColumns.YEAR));
      assertEquals("03", r.getAs(RawColumns.MONTH));
      assertEquals("05", r.getAs(RawColumns.DAY));
      assertEquals(Timestamp.from(ARRIVAL), r.getAs(RawColumns.ARRIVAL_TIMESTAMP));
    }
  }

  @Test
  void withoutAnArrivalTimeTheDayComesFromTheDmsTimestamp() {
    Row row = only(decode(new SourceRecords(null)
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(1))))).raw());
    assertEquals(Timestamp.from(TS), row.getAs(RawColumns.ARRIVAL_TIMESTAMP));
    assertEquals("04", row.getAs(RawColumns.DAY));
  }

  @Test
  void typesAndKeysAreLeftToCurate() {
    Map<String, Object> noKey = customer(2);
    noKey.remove("customer_id");
    Out out = decode(new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS, card("abc", "4111111111111111"))))
        .add(json(DmsRecord.data(DmsOperation.DELETE, "payments", "customers", TS, noKey)))
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "payments", TS,
            Map.of("payment_id", 1, "created_at", "0001-01-01 00:00:00")))));
    assertTrue(out.quarantine().isEmpty());
    assertEquals(3, out.raw().size());
    assertEquals("abc", map(out.raw().get(0), RawColumns.DATA).get("card_id"));
    assertFalse(map(out.raw().get(1), RawColumns.DATA).containsKey("customer_id"));
    assertEquals("0001-01-01 00:00:00", map(out.raw().get(2), RawColumns.DATA).get("created_at"));
  }

  @Test
  void quarantinedRowsKeepWhyWhereFromAndTheScrubbedRecord() {
    String cardJson = json(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS, card(10, "4111111111111111")));
    String truncated = cardJson.substring(0, cardJson.indexOf("4111111111111111") + 20);
    String unconfigured = json(DmsRecord.data(DmsOperation.INSERT, "payments", "audit_log", TS,
        Map.of("note", "card 4111-1111-1111-1111")));
    String badType = json(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(3)))
        .replace("\"record-type\":\"data\"", "\"record-type\":\"event\"");
    byte[] notUtf8 = ("{\"data\":{\"merchant\":\"Caf\u00e9\"}}").getBytes(StandardCharsets.ISO_8859_1);
    String duplicate = cardJson.replace("\"operation\":\"insert\"", "\"operation\":\"insert\",\"operation\":\"delete\"");
    SourceRecords in = new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(1))))
        .add(truncated)
        .add(unconfigured)
        .add(badType)
        .add(notUtf8)
        .add(duplicate);
    Out out = decode(in);
    assertEquals(1, out.raw().size(), "the valid record alone reaches raw");
    List<Row> q = out.quarantine();
    assertEquals(List.of("malformed_json", "unconfigured_table", "unknown_shape", "invalid_text", "duplicate_key"),
        q.stream().map(r -> r.<String>getAs(Quarantine.REASON)).toList());
    for (int i = 0; i < q.size(); i++) {
      Row r = q.get(i);
      int n = i + 2;
      assertEquals("test:" + n, r.getAs(Quarantine.SOURCE_POSITION));
      assertEquals(SourceRecords.sequence(n), r.getAs(RawColumns.STREAM_SEQUENCE));
      assertEquals("pk-" + n, r.getAs(RawColumns.STREAM_PARTITION_KEY));
      assertEquals(BATCH, (Long) r.getAs(RawColumns.INGEST_BATCH_ID));
      assertEquals(Timestamp.from(ARRIVAL), r.getAs(RawColumns.ARRIVAL_TIMESTAMP));
      assertEquals("05", r.getAs(RawColumns.DAY));
      assertFalse(((String) r.getAs(Quarantine.DETAIL)).isBlank());
      String payload = r.getAs(Quarantine.PAYLOAD);
      assertFalse(payload.contains("4111111111111111") || payload.contains("4111-1111-1111-1111"),
          "no clear PAN in quarantine: " + payload);
    }
    Row malformed = q.get(0);
    assertEquals(truncated.replace("4111111111111111", "************1111"), malformed.getAs(Quarantine.PAYLOAD));
    assertNull(malformed.getAs(Quarantine.TABLE_NAME));
    assertNull(malformed.getAs(RawColumns.DMS_TIMESTAMP));

    Row noContract = q.get(1);
    assertEquals(unconfigured.replace("4111-1111-1111-1111", "************1111"),
        noContract.getAs(Quarantine.PAYLOAD));
    assertEquals("no data contract for table payments.audit_log (add one under conf/contracts, then"
        + " replay-quarantine)", noContract.getAs(Quarantine.DETAIL));
    assertEquals("payments", noContract.getAs(Quarantine.SCHEMA_NAME));
    assertEquals("audit_log", noContract.getAs(Quarantine.TABLE_NAME));
    assertEquals("insert", noContract.getAs(Quarantine.OPERATION));
    assertEquals(Timestamp.from(TS), noContract.getAs(RawColumns.DMS_TIMESTAMP));

    Row shape = q.get(2);
    assertEquals("metadata.record-type is not 'data' or 'control'", shape.getAs(Quarantine.DETAIL));
    assertEquals("customers", shape.getAs(Quarantine.TABLE_NAME));
    assertEquals(badType, shape.getAs(Quarantine.PAYLOAD));

    Row invalid = q.get(3);
    assertEquals("{\"data\":{\"merchant\":\"Caf\uFFFD\"}}", invalid.getAs(Quarantine.PAYLOAD),
        "bytes that are not UTF-8 are shown as U+FFFD");

    Row dup = q.get(4);
    assertEquals(duplicate.replace("4111111111111111", "************1111"), dup.getAs(Quarantine.PAYLOAD));
    assertNull(dup.getAs(Quarantine.OPERATION), "which operation it was is unknown");
  }

  @Test
  void aCardNumberUsedAsATableNameIsMaskedInTheQuarantineColumns() {
    Row q = only(decode(new SourceRecords(ARRIVAL).add(json(DmsRecord.data(DmsOperation.INSERT, "4111111111111111",
        "5555555555554444", TS, Map.of("id", 1))))).quarantine());
    assertEquals("unconfigured_table", q.getAs(Quarantine.REASON));
    assertEquals("************1111", q.getAs(Quarantine.SCHEMA_NAME));
    assertEquals("************4444", q.getAs(Quarantine.TABLE_NAME));
    for (String column : Quarantine.schema().fieldNames()) {
      Object v = q.getAs(column);
      assertFalse(v != null && (v.toString().contains("4111111111111111") || v.toString().contains(
          "5555555555554444")), column + " holds a clear PAN");
    }
  }

  @Test
  void everyRecordGoesToExactlyOneOutput() {
    SourceRecords in = new SourceRecords(ARRIVAL);
    String[] inputs = {
        json(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(1))),
        json(DmsRecord.control(DmsOperation.CREATE_TABLE, "payments", "x", TS)),
        "", " ", "{}", "[]", "{\"a\":1}{\"a\":1}",
        json(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(2))).replace("2024-03-04",
            "10000-03-04"),
    };
    Arrays.stream(inputs).forEach(in::add);
    Out out = decode(in);
    assertEquals(2, out.raw().size());
    assertEquals(inputs.length - 2, out.quarantine().size());
    List<String> sequences = new java.util.ArrayList<>();
    out.raw().forEach(r -> sequences.add(r.getAs(RawColumns.STREAM_SEQUENCE)));
    out.quarantine().forEach(r -> sequences.add(r.getAs(RawColumns.STREAM_SEQUENCE)));
    sequences.sort(null);
    List<String> expected = java.util.stream.IntStream.rangeClosed(1, inputs.length)
        .mapToObj(SourceRecords::sequence).toList();
    assertEquals(expected, sequences);
  }
}
