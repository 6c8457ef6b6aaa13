package io.cdclake.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.pci.ColumnProtection;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.common.testing.ProjectFiles;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decoding of every DMS record kind, on static DataFrames (no I/O): the rows the raw zone would get and the
 * reasons quarantine would record.
 */
class BatchDecoderTest {
  private static final Instant ARRIVAL = Instant.parse("2024-03-05T23:59:59.500Z");
  private static final Instant TS = Instant.parse("2024-03-05T23:59:58Z");
  private static final long BATCH = 7;

  private static List<TableContract> tables;
  private static BatchDecoder decoder;

  @BeforeAll
  static void contracts() {
    tables = new ConfigLoader(Map.of()).loadContracts(ProjectFiles.conf().resolve("contracts"));
    HashKey key = HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    decoder = new BatchDecoder(tables, new ColumnProtection(key));
  }

  private static TableContract table(String id) {
    return tables.stream().filter(t -> t.sourceId().equals(id)).findFirst().orElseThrow();
  }

  private static Map<String, Object> customer(long id, String email) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("customer_id", id);
    row.put("full_name", "Name " + id);
    row.put("email", email);
    row.put("country", "GB");
    row.put("created_at", "2023-01-10 08:00:00");
    row.put("updated_at", "2024-03-05 23:00:00.123456");
    return row;
  }

  private static Map<String, Object> card(Object id, String pan, Object month) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("card_id", id);
    row.put("customer_id", 1);
    row.put("pan", pan);
    row.put("card_holder", "ADA LOVELACE");
    row.put("expiry_month", month);
    row.put("expiry_year", 2030);
    row.put("status", "active");
    row.put("updated_at", "2024-03-05 10:00:00");
    return row;
  }

  private static String json(DmsRecord r) {
    return DmsJson.toJson(r);
  }

  private record Decoded(Dataset<Row> envelope, Map<String, List<Row>> rows, List<Row> quarantine, List<Row> control) {}

  private static Decoded decode(SourceRecords records) {
    Dataset<Row> envelope = decoder.envelope(records.frame());
    Map<String, List<Row>> rows = new LinkedHashMap<>();
    Dataset<Row> quarantine = decoder.quarantined(envelope, BATCH);
    for (TableContract t : tables) {
      Dataset<Row> typed = decoder.typed(envelope, t, BATCH);
      rows.put(t.sourceId(), decoder.rows(typed, t).collectAsList());
      quarantine = quarantine.unionByName(decoder.rejected(typed, BATCH));
    }
    return new Decoded(envelope, rows, quarantine.collectAsList(), decoder.control(envelope, BATCH).collectAsList());
  }

  private static Row only(List<Row> rows) {
    assertEquals(1, rows.size(), "rows: " + rows);
    return rows.get(0);
  }

  @Test
  void dataOperationsBecomeRawRowsOfTheirTable() {
    SourceRecords in = new SourceRecords(ARRIVAL);
    for (DmsOperation op : List.of(DmsOperation.LOAD, DmsOperation.INSERT, DmsOperation.UPDATE, DmsOperation.DELETE)) {
      in.add(json(DmsRecord.data(op, "payments", "customers", TS, customer(op.ordinal() + 1, "x@example.com"))));
    }
    Decoded d = decode(in);
    List<Row> customers = d.rows().get("payments.customers");
    assertEquals(4, customers.size());
    assertEquals(List.of("load", "insert", "update", "delete"),
        customers.stream().map(r -> (String) r.getAs(RawColumns.OP)).toList());
    Row first = customers.get(0);
    assertEquals(1L, (Long) first.getAs("customer_id"));
    assertEquals(Timestamp.from(Instant.parse("2024-03-05T23:00:00.123456Z")), first.getAs("updated_at"));
    assertEquals(Timestamp.from(TS), first.getAs(RawColumns.DMS_TIMESTAMP));
    assertEquals(Timestamp.from(ARRIVAL), first.getAs(RawColumns.ARRIVAL_TIMESTAMP));
    assertEquals(BATCH, (Long) first.getAs(RawColumns.INGEST_BATCH_ID));
    assertEquals("pk-1", first.getAs(RawColumns.STREAM_PARTITION_KEY));
    assertEquals(RawColumns.STREAM_SEQUENCE_WIDTH, ((String) first.getAs(RawColumns.STREAM_SEQUENCE)).length());
    assertNull(first.getAs(RawColumns.BEFORE_IMAGE));
    assertTrue(first.getJavaMap(first.fieldIndex(RawColumns.EXTRA_COLUMNS)).isEmpty());
    assertTrue(d.quarantine().isEmpty());
    assertTrue(d.control().isEmpty());
    assertTrue(d.rows().get("payments.cards").isEmpty());
  }

  @Test
  void rowsHaveExactlyTheRawSchemaWithDayPartitionsOfArrival() {
    Decoded d = decode(new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS, card(10, "4111111111111111", 12)))));
    Row row = only(d.rows().get("payments.cards"));
    StructField[] expected = RawSchema.forTable(table("payments.cards")).fields();
    assertArrayEquals(java.util.Arrays.stream(expected).map(StructField::name).toArray(), row.schema().fieldNames());
    for (StructField f : expected) {
      assertEquals(f.dataType(), row.schema().apply(f.name()).dataType(), f.name());
    }
    // 23:59:59.5 UTC on the 5th stays on the 5th, zero-padded.
    assertEquals("2024", row.getAs(RawColumns.YEAR));
    assertEquals("03", row.getAs(RawColumns.MONTH));
    assertEquals("05", row.getAs(RawColumns.DAY));
  }

  @Test
  void numbersKeepTheirTextUntilTheContractCast() {
    Map<String, Object> payment = new LinkedHashMap<>();
    payment.put("payment_id", new java.math.BigInteger("9007199254740993")); // not representable as a double
    payment.put("card_id", 10);
    payment.put("amount", new BigDecimal("1999.99"));
    payment.put("currency", "USD");
    payment.put("merchant", "Air");
    payment.put("status", "authorized");
    payment.put("created_at", "2024-03-01 09:11:00");
    Row row = only(decode(new SourceRecords(ARRIVAL).add(json(
        DmsRecord.data(DmsOperation.INSERT, "payments", "payments", TS, payment)))).rows().get("payments.payments"));
    assertEquals(9007199254740993L, (Long) row.getAs("payment_id"));
    assertEquals(new BigDecimal("1999.99"), row.getAs("amount"));
  }

  @Test
  void beforeImageAndUndeclaredColumnsAreKeptAsTextAndProtected() {
    Map<String, Object> after = card(12, "378282246310005", 1);
    after.put("loyalty_tier", "gold");
    Map<String, Object> before = card(12, "378282246310005", 2);
    Decoded d = decode(new SourceRecords(ARRIVAL).add(json(
        DmsRecord.data(DmsOperation.UPDATE, "payments", "cards", TS, after).withBeforeImage(before))));
    Row row = only(d.rows().get("payments.cards"));
    Map<String, String> beforeImage = row.getJavaMap(row.fieldIndex(RawColumns.BEFORE_IMAGE));
    assertEquals("2", beforeImage.get("expiry_month"));
    assertEquals("12", beforeImage.get("card_id"));
    assertEquals(row.getAs("pan"), beforeImage.get("pan"), "before-image PAN is hashed with the same key");
    assertTrue(((String) row.getAs("pan")).matches("[0-9a-f]{64}"));
    assertNotEquals("378282246310005", beforeImage.get("pan"));
    assertTrue(beforeImage.get("card_holder").startsWith("*"));
    assertEquals(Map.of("loyalty_tier", "gold"), row.getJavaMap(row.fieldIndex(RawColumns.EXTRA_COLUMNS)));
    assertEquals(1, (Integer) row.getAs("expiry_month"));
  }

  @Test
  void transactionDetailsFillTheMetadataColumns() {
    DmsRecord r = DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(4, "kj@example.com"))
        .withTransaction(new DmsRecord.Transaction("1002", Optional.of("1001"), 2,
            Instant.parse("2024-03-05T23:59:57.000001Z"), Optional.of("00000001/016B3848")));
    Row row = only(decode(new SourceRecords(ARRIVAL).add(json(r))).rows().get("payments.customers"));
    assertEquals("1002", row.getAs(RawColumns.TRANSACTION_ID));
    assertEquals("1001", row.getAs(RawColumns.PREVIOUS_TRANSACTION_ID));
    assertEquals(2L, (Long) row.getAs(RawColumns.TRANSACTION_RECORD_ID));
    assertEquals(Timestamp.from(Instant.parse("2024-03-05T23:59:57.000001Z")), row.getAs(RawColumns.COMMIT_TIMESTAMP));
    assertEquals("00000001/016B3848", row.getAs(RawColumns.STREAM_POSITION));
    assertTrue(((String) row.getAs("email")).matches("[0-9a-f]{64}"), "email is hashed per contract");
  }

  @Test
  void controlRecordsGoToTheControlOutput() {
    Decoded d = decode(new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.control(DmsOperation.CREATE_TABLE, "payments", "customers", TS)))
        .add(json(DmsRecord.control(DmsOperation.ADD_COLUMN, "payments", "audit_log", TS))));
    assertEquals(2, d.control().size());
    assertEquals("create-table", d.control().get(0).getAs(RawColumns.OP));
    assertEquals("audit_log", d.control().get(1).getAs(ControlRecords.TABLE_NAME));
    assertTrue(d.quarantine().isEmpty(), "control records of unconfigured tables are still control records");
    d.rows().values().forEach(rows -> assertTrue(rows.isEmpty()));
  }

  @Test
  void malformedAndUnknownShapesAreQuarantinedWithTheirReason() {
    String good = json(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(1, "a@b.c")));
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("{\"data\":{\"customer_id\":5,\"full_name\":\"Trunc", "malformed_json");
    inputs.put("not json at all", "malformed_json");
    inputs.put("{\"data\":[1,2],\"metadata\":{}}", "malformed_json");
    inputs.put("{\"data\":{\"x\":1}}", "unknown_shape");
    inputs.put(good.replace("\"record-type\":\"data\"", "\"record-type\":\"event\""), "unknown_shape");
    inputs.put(good.replace("\"operation\":\"insert\"", "\"operation\":\"merge\""), "unknown_shape");
    inputs.put(good.replace("\"operation\":\"insert\"", "\"operation\":\"drop-table\""), "unknown_shape");
    inputs.put(good.replace(",\"table-name\":\"customers\"", ""), "unknown_shape");
    inputs.put(good.replace("\"timestamp\":\"2024-03-05T23:59:58.000000Z\"", "\"timestamp\":\"yesterday\""),
        "unknown_shape");
    inputs.put(good.replace("\"table-name\":\"customers\"", "\"table-name\":\"audit_log\""), "unconfigured_table");
    inputs.keySet().forEach(input -> assertNotEquals(good, input, "each case must really alter the record"));
    SourceRecords in = new SourceRecords(ARRIVAL);
    inputs.keySet().forEach(in::add);
    Decoded d = decode(in);
    assertEquals(inputs.size(), d.quarantine().size());
    for (Row q : d.quarantine()) {
      int n = Integer.parseInt(((String) q.getAs(Quarantine.SOURCE_POSITION)).substring(5));
      String input = List.copyOf(inputs.keySet()).get(n - 1);
      assertEquals(inputs.get(input), q.getAs(Quarantine.REASON), "reason for " + input);
      assertEquals(input, q.getAs(Quarantine.PAYLOAD), "original text is kept");
      assertFalse(((String) q.getAs(Quarantine.DETAIL)).isBlank());
      assertEquals(BATCH, (Long) q.getAs(RawColumns.INGEST_BATCH_ID));
      assertEquals("05", q.getAs(RawColumns.DAY));
    }
    d.rows().values().forEach(rows -> assertTrue(rows.isEmpty()));
    assertTrue(d.control().isEmpty());
  }

  @Test
  void valuesThatDoNotFitTheContractAreQuarantinedWithCardNumbersMasked() {
    Decoded d = decode(new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS, card("abc", "4111111111111111", 1))))
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS, card(11, "5555555555554444", "13x"))))
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS, card(12, "378282246310005", 3)))));
    Row ok = only(d.rows().get("payments.cards"));
    assertEquals(12L, (Long) ok.getAs("card_id"));
    assertEquals(2, d.quarantine().size());
    for (Row q : d.quarantine()) {
      assertEquals("type_mismatch", q.getAs(Quarantine.REASON));
      String payload = q.getAs(Quarantine.PAYLOAD);
      assertFalse(payload.contains("4111111111111111") || payload.contains("5555555555554444"),
          "no clear PAN in quarantine");
      assertTrue(payload.contains("************1111") || payload.contains("************4444"));
      assertEquals("cards", q.getAs(Quarantine.TABLE_NAME));
    }
    List<String> details = d.quarantine().stream().map(q -> (String) q.getAs(Quarantine.DETAIL)).sorted().toList();
    assertEquals(List.of("card_id is not a valid BIGINT", "expiry_month is not a valid INT"), details);
  }

  @Test
  void aRecordWithoutItsPrimaryKeyIsQuarantined() {
    Map<String, Object> row = customer(1, "a@b.c");
    row.remove("customer_id");
    Decoded d = decode(new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.data(DmsOperation.DELETE, "payments", "customers", TS, row))));
    Row q = only(d.quarantine());
    assertEquals("missing_primary_key", q.getAs(Quarantine.REASON));
    assertTrue(((String) q.getAs(Quarantine.DETAIL)).contains("customer_id"));
  }

  @Test
  void nullValuesAreNotTypeErrors() {
    Map<String, Object> row = card(10, "4111111111111111", null);
    Row ok = only(decode(new SourceRecords(ARRIVAL)
        .add(json(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS, row)))).rows().get("payments.cards"));
    assertNull(ok.getAs("expiry_month"));
  }
}
