package io.cdclake.ingest.decode;

import static io.cdclake.ingest.decode.TestRows.card;
import static io.cdclake.ingest.decode.TestRows.customer;
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
import io.cdclake.common.pci.Protectors;
import io.cdclake.common.testing.ProjectFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoder of one DMS message, in plain Java (no Spark): where each record goes, why, and the exact text of
 * the values it keeps. Every quarantine reason is here with its detail, and the hostile inputs a lenient JSON
 * reader would silently change.
 */
class RecordDecoderTest {
  private static final HashKey KEY = HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private static final Instant TS = Instant.parse("2024-03-05T23:59:58Z");
  /** The timestamp text DmsJson writes for {@link #TS}. */
  private static final String TS_TEXT = "\"timestamp\":\"2024-03-05T23:59:58.000000Z\"";

  private static List<TableContract> tables;
  private static RecordDecoder decoder;

  @BeforeAll
  static void contracts() {
    tables = new ConfigLoader(Map.of()).loadContracts(ProjectFiles.conf().resolve("contracts"));
    decoder = new RecordDecoder(tables, new ColumnProtection(KEY, tables));
  }

  // ---- builders -----------------------------------------------------------------------------------------------

  private static String customerInsert(long id) {
    return DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, customer(id)));
  }

  private static String withTransaction(String schema, String table) {
    return DmsJson.toJson(DmsRecord.data(DmsOperation.UPDATE, schema, table, TS, customer(4))
        .withTransaction(new DmsRecord.Transaction("1002", Optional.of("1001"), 2,
            Instant.parse("2024-03-05T23:59:57.000001Z"), Optional.of("00000001/016B3848"))));
  }

  /** A payments.payments insert whose {@code data} object is {@code dataJson}, verbatim. */
  private static String paymentWithData(String dataJson) {
    return "{\"data\":" + dataJson + ",\"metadata\":{" + TS_TEXT + ",\"record-type\":\"data\","
        + "\"operation\":\"insert\",\"partition-key-type\":\"schema-table\",\"schema-name\":\"payments\","
        + "\"table-name\":\"payments\"}}";
  }

  private static DecodedRecord decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(middle, 0, out, a.length, middle.length);
    System.arraycopy(c, 0, out, a.length + middle.length, c.length);
    return out;
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** {@code input} must really differ from the valid record it was derived from. */
  private static String altered(String valid, String input) {
    assertNotEquals(valid, input, "the case must alter the record");
    return input;
  }

  private static void assertQuarantined(QuarantineReason reason, String detail, DecodedRecord d) {
    assertEquals(DecodedRecord.Kind.QUARANTINE, d.kind(), () -> "kind of " + d);
    assertEquals(reason, d.reason(), () -> "reason of " + d);
    assertEquals(detail, d.detail());
    assertNull(d.data(), "a quarantined record keeps no decoded values");
    assertNull(d.beforeImage());
    assertNull(d.metadata());
  }

  private static void assertQuarantined(QuarantineReason reason, String detail, String json) {
    assertQuarantined(reason, detail, decode(json));
  }

  // ---- routing --------------------------------------------------------------------------------------------------

  @Test
  void dataOperationsOfAConfiguredTableAreData() {
    for (DmsOperation op : List.of(DmsOperation.LOAD, DmsOperation.INSERT, DmsOperation.UPDATE,
        DmsOperation.DELETE)) {
      DecodedRecord d = decode(DmsJson.toJson(DmsRecord.data(op, "payments", "customers", TS, customer(1))));
      assertEquals(DecodedRecord.Kind.DATA, d.kind(), op.wireName());
      assertNull(d.reason());
      assertNull(d.detail());
      assertEquals("data", d.recordType());
      assertEquals(op.wireName(), d.operation());
      assertEquals("payments", d.schemaName());
      assertEquals("customers", d.tableName());
      assertEquals("payments.customers", d.sourceId());
      assertEquals(TS.getEpochSecond() * 1_000_000L, d.dmsTimestampMicros());
      assertNull(d.commitTimestampMicros());
      assertNull(d.beforeImage());
      assertEquals("1", d.data().get("customer_id"));
      assertEquals("Name 1", d.data().get("full_name"));
    }
  }

  @Test
  void transactionDetailsAreRead() {
    DecodedRecord d = decode(withTransaction("payments", "customers"));
    assertEquals(DecodedRecord.Kind.DATA, d.kind());
    assertEquals("1002", d.transactionId());
    assertEquals("1001", d.previousTransactionId());
    assertEquals(2L, d.transactionRecordId());
    assertEquals(Instant.parse("2024-03-05T23:59:57.000001Z").toEpochMilli() * 1000 + 1, d.commitTimestampMicros());
    assertEquals("00000001/016B3848", d.streamPosition());
    assertEquals("1002", d.metadata().get("transaction-id"));
    assertEquals("2", d.metadata().get("transaction-record-id"));
    assertTrue(d.data().get("email").matches("[0-9a-f]{64}"), "email is hashed per contract");
  }

  @Test
  void fieldsOutsideTheKnownOnesAreKeptInTheMetadata() {
    String valid = customerInsert(1);
    DecodedRecord d = decode(valid.substring(0, valid.length() - 1) + ",\"extra\":{\"a\":[1,2.50]},\"n\":7}");
    assertEquals(DecodedRecord.Kind.DATA, d.kind());
    assertEquals("{\"a\":[1,2.50]}", d.metadata().get("@extra"));
    assertEquals("7", d.metadata().get("@n"));
    assertEquals("schema-table", d.metadata().get("partition-key-type"));
  }

  @Test
  void cardNumbersInControlNamesAndUnknownTopLevelFieldsAreMasked() {
    DecodedRecord control = decode(DmsJson.toJson(
        DmsRecord.control(DmsOperation.CREATE_TABLE, "payments", "t_4111111111111111", TS)));
    assertEquals(DecodedRecord.Kind.CONTROL, control.kind());
    assertEquals("t_************1111", control.tableName());
    String good = customerInsert(1);
    DecodedRecord data = decode(altered(good,
        good.replace("{\"data\":", "{\"note\":\"card 4111 1111 1111 1111\",\"data\":")));
    assertEquals(DecodedRecord.Kind.DATA, data.kind());
    assertEquals("card ************1111", data.metadata().get("@note"));
  }

  @Test
  void controlRecordsAreControlEvenForUnconfiguredTables() {
    for (String table : List.of("customers", "audit_log")) {
      DecodedRecord d = decode(DmsJson.toJson(DmsRecord.control(DmsOperation.CREATE_TABLE, "payments", table, TS)));
      assertEquals(DecodedRecord.Kind.CONTROL, d.kind(), table);
      assertNull(d.reason());
      assertEquals("control", d.recordType());
      assertEquals("create-table", d.operation());
      assertEquals(table, d.tableName());
      assertNull(d.data());
    }
    // A control record needs no schema or table (a task-level record).
    String noTable = DmsJson.toJson(DmsRecord.control(DmsOperation.ADD_COLUMN, "payments", "x", TS))
        .replace(",\"schema-name\":\"payments\",\"table-name\":\"x\"", "");
    assertFalse(noTable.contains("schema-name"));
    assertEquals(DecodedRecord.Kind.CONTROL, decode(noTable).kind());
  }

  @Test
  void aDataRecordOfATableWithoutContractIsUnconfigured() {
    String json = DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, "payments", "audit_log", TS,
        Map.of("id", 1, "note", "card 4111111111111111")));
    DecodedRecord d = decode(json);
    assertQuarantined(QuarantineReason.UNCONFIGURED_TABLE,
        "no data contract for table payments.audit_log (add one under conf/contracts, then replay-quarantine)", d);
    // The envelope is kept for the quarantine row.
    assertEquals("audit_log", d.tableName());
    assertEquals("insert", d.operation());
    assertEquals(TS.getEpochSecond() * 1_000_000L, d.dmsTimestampMicros());
  }

  @Test
  void anUnconfiguredTableNameThatLooksLikeACardNumberIsMaskedInTheDetail() {
    String json = DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, "payments", "4111111111111111", TS,
        Map.of("id", 1)));
    DecodedRecord d = decode(json);
    assertEquals(QuarantineReason.UNCONFIGURED_TABLE, d.reason());
    assertFalse(d.detail().contains("4111111111111111"), d.detail());
    assertTrue(d.detail().contains("payments.************1111"), d.detail());
  }

  // ---- every quarantine reason with its detail ----------------------------------------------------------------

  @Test
  void unknownShapes() {
    String good = customerInsert(1);
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "no 'metadata' object (a DMS record) and no 'dynamodb' object (a DynamoDB change record)", "{\"data\":{\"x\":1}}");
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "metadata.record-type is not 'data' or 'control'",
        altered(good, good.replace("\"record-type\":\"data\"", "\"record-type\":\"event\"")));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "metadata.record-type is missing",
        altered(good, good.replace("\"record-type\":\"data\",", "")));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "metadata.operation is not a DMS operation",
        altered(good, good.replace("\"operation\":\"insert\"", "\"operation\":\"merge\"")));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "metadata.operation is missing",
        altered(good, good.replace("\"operation\":\"insert\",", "")));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "a data record with a control operation",
        altered(good, good.replace("\"operation\":\"insert\"", "\"operation\":\"drop-table\"")));
    String control = DmsJson.toJson(DmsRecord.control(DmsOperation.CREATE_TABLE, "payments", "cards", TS));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "a control record with a data operation",
        altered(control, control.replace("\"operation\":\"create-table\"", "\"operation\":\"insert\"")));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "metadata.timestamp is missing",
        altered(good, good.replace(TS_TEXT + ",", "")));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "metadata.schema-name or table-name is missing",
        altered(good, good.replace(",\"table-name\":\"customers\"", "")));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "metadata.schema-name or table-name is missing",
        altered(good, good.replace("\"schema-name\":\"payments\"", "\"schema-name\":\"  \"")));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "a data record without a 'data' object",
        altered(good, good.replaceFirst("^\\{\"data\":\\{[^}]*},", "{")));
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "a data record without a 'data' object",
        altered(good, good.replaceFirst("^\\{\"data\":\\{[^}]*},", "{\"data\":null,")));
    String tx = withTransaction("payments", "customers");
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, "metadata.transaction-record-id is not a whole number",
        altered(tx, tx.replace("\"transaction-record-id\":2", "\"transaction-record-id\":\"two\"")));
    // Never quarantined for its table: the envelope is checked first.
    DecodedRecord d = decode(altered(good, good.replace("\"operation\":\"insert\"", "\"operation\":\"merge\"")));
    assertEquals("customers", d.tableName());
    assertEquals("merge", d.operation());
  }

  @Test
  void malformedJson() {
    String good = customerInsert(1);
    assertQuarantined(QuarantineReason.MALFORMED_JSON, "not a JSON object", "[1,2]");
    assertQuarantined(QuarantineReason.MALFORMED_JSON, "not a JSON object", "\"text\"");
    assertQuarantined(QuarantineReason.MALFORMED_JSON, "'data' is not an object",
        "{\"data\":[1,2],\"metadata\":{}}");
    assertQuarantined(QuarantineReason.MALFORMED_JSON, "'metadata' is not an object",
        "{\"data\":{},\"metadata\":\"x\"}");
    assertQuarantined(QuarantineReason.MALFORMED_JSON, "'before-image' is not an object",
        altered(good, good.replace("{\"data\":", "{\"before-image\":7,\"data\":")));
    for (String bad : List.of(good.substring(0, good.length() / 2), "not json at all",
        "{\"data\":{\"customer_id\":5,\"full_name\":\"Trunc", "{\"data\":{\"a\":1,}}", "{'data':{}}")) {
      DecodedRecord d = decode(bad);
      assertEquals(QuarantineReason.MALFORMED_JSON, d.reason(), bad);
      assertTrue(d.detail().startsWith("not valid JSON ("), d.detail());
      assertFalse(d.detail().contains("Trunc") || d.detail().contains("customer_id") || d.detail().contains("json"),
          "the detail never quotes record content: " + d.detail());
    }
  }

  @Test
  void contentAfterTheFirstObjectIsMalformed() {
    String good = customerInsert(1);
    assertQuarantined(QuarantineReason.MALFORMED_JSON,
        "more than one JSON value in the record (content after the first object)", good + good);
    assertQuarantined(QuarantineReason.MALFORMED_JSON,
        "more than one JSON value in the record (content after the first object)", good + " {\"x\":1}");
    assertQuarantined(QuarantineReason.MALFORMED_JSON,
        "more than one JSON value in the record (content after the first object)", good + "7");
    DecodedRecord garbage = decode(good + " garbage");
    assertEquals(QuarantineReason.MALFORMED_JSON, garbage.reason());
    assertTrue(garbage.detail().startsWith("not valid JSON ("), garbage.detail());
    assertFalse(garbage.detail().contains("garbage"), garbage.detail());
    // Whitespace around the object is not content.
    assertEquals(DecodedRecord.Kind.DATA, decode(" \t" + good + " \r\n ").kind());
  }

  @Test
  void emptyAndWhitespaceOnlyRecordsAreMalformed() {
    assertQuarantined(QuarantineReason.MALFORMED_JSON, "an empty record", decoder.decode(null));
    assertQuarantined(QuarantineReason.MALFORMED_JSON, "an empty record", decoder.decode(new byte[0]));
    assertQuarantined(QuarantineReason.MALFORMED_JSON, "an empty record", " \t  ");
  }

  @Test
  void aKeyGivenTwiceIsADuplicateKeyWhereverItIs() {
    String good = withTransaction("payments", "customers");
    String detail = "a key appears twice in one object (Duplicate field '…'); which value DMS meant is unknown";
    // In data: which customer_id is it?
    assertQuarantined(QuarantineReason.DUPLICATE_KEY, detail,
        altered(good, good.replace("{\"customer_id\":4,", "{\"customer_id\":4,\"customer_id\":5,")));
    // In metadata: an insert or a delete?
    assertQuarantined(QuarantineReason.DUPLICATE_KEY, detail,
        altered(good, good.replace("\"operation\":\"update\"", "\"operation\":\"update\",\"operation\":\"delete\"")));
    // At the top level: two row images.
    assertQuarantined(QuarantineReason.DUPLICATE_KEY, detail,
        altered(good, good.replace("{\"data\":", "{\"data\":{\"customer_id\":9},\"data\":")));
    // In a before-image and inside a nested value.
    String before = DmsJson.toJson(DmsRecord.data(DmsOperation.UPDATE, "payments", "customers", TS, customer(1))
        .withBeforeImage(Map.of("customer_id", 1)));
    assertQuarantined(QuarantineReason.DUPLICATE_KEY, detail,
        altered(before, before.replace("\"before-image\":{\"customer_id\":1}",
            "\"before-image\":{\"customer_id\":1,\"customer_id\":2}")));
    assertQuarantined(QuarantineReason.DUPLICATE_KEY, detail,
        paymentWithData("{\"payment_id\":1,\"details\":{\"a\":1,\"a\":2}}"));
    // The same key in two different objects is fine.
    assertEquals(DecodedRecord.Kind.DATA,
        decode(paymentWithData("{\"payment_id\":1,\"details\":{\"payment_id\":2}}")).kind());
  }

  @Test
  void bytesThatAreNotUtf8AreInvalidText() {
    String head = "{\"data\":{\"payment_id\":1,\"merchant\":\"Caf";
    String tail = "\"},\"metadata\":{" + TS_TEXT + ",\"record-type\":\"data\",\"operation\":\"insert\","
        + "\"schema-name\":\"payments\",\"table-name\":\"payments\"}}";
    // Control: valid UTF-8 (é as C3 A9, a four-byte emoji) decodes to the same text.
    DecodedRecord ok = decoder.decode(concat(head, bytes(0xC3, 0xA9, 0xF0, 0x9F, 0x92, 0xB3), tail));
    assertEquals(DecodedRecord.Kind.DATA, ok.kind());
    assertEquals("Caf\u00e9\uD83D\uDCB3", ok.data().get("merchant"));

    String badByte = "not valid UTF-8 text (a byte that never starts a UTF-8 character)";
    String badSequence = "not valid UTF-8 text (an invalid, overlong or surrogate sequence)";
    assertQuarantined(QuarantineReason.INVALID_TEXT, badByte, decoder.decode(concat(head, bytes(0xFF), tail)));
    assertQuarantined(QuarantineReason.INVALID_TEXT, badByte, decoder.decode(concat(head, bytes(0xA9), tail)));
    // Latin-1 é, then the closing quote: a lead byte without its continuation.
    assertQuarantined(QuarantineReason.INVALID_TEXT, badSequence, decoder.decode(concat(head, bytes(0xE9), tail)));
    // Overlong forms: a lenient reader turns C0 AF into '/' and C0 80 into NUL, changing what is stored.
    assertQuarantined(QuarantineReason.INVALID_TEXT, badByte, decoder.decode(concat(head, bytes(0xC0, 0xAF), tail)));
    assertQuarantined(QuarantineReason.INVALID_TEXT, badByte, decoder.decode(concat(head, bytes(0xC0, 0x80), tail)));
    assertQuarantined(QuarantineReason.INVALID_TEXT, badSequence,
        decoder.decode(concat(head, bytes(0xE0, 0x80, 0xAF), tail)));
    // An encoded surrogate, and a code point above U+10FFFF.
    assertQuarantined(QuarantineReason.INVALID_TEXT, badSequence,
        decoder.decode(concat(head, bytes(0xED, 0xA0, 0x80), tail)));
    assertQuarantined(QuarantineReason.INVALID_TEXT, badSequence,
        decoder.decode(concat(head, bytes(0xF4, 0x90, 0x80, 0x80), tail)));
    // Outside a string, in a key, and cut short at the very end.
    assertQuarantined(QuarantineReason.INVALID_TEXT, badByte,
        decoder.decode(concat("{\"data\":{\"payment_id\":", bytes(0xFF), "}" + tail.substring(2))));
    assertQuarantined(QuarantineReason.INVALID_TEXT, badByte,
        decoder.decode(concat("{\"data\":{\"k", bytes(0xFE), "\":1" + tail.substring(1))));
    assertQuarantined(QuarantineReason.INVALID_TEXT, "not valid UTF-8 text (a character cut short at the end)",
        decoder.decode(concat(customerInsert(1), bytes(0xE2, 0x82), "")));
  }

  @Test
  void utf16AndRawNulBytesAreInvalidText() {
    String good = customerInsert(1);
    String nul = "a NUL byte: not UTF-8 JSON text (UTF-16 or UTF-32 text, or binary data)";
    // A lenient reader detects UTF-16 from the zero bytes and reads the record as if it were fine.
    assertQuarantined(QuarantineReason.INVALID_TEXT, nul, decoder.decode(good.getBytes(StandardCharsets.UTF_16LE)));
    assertQuarantined(QuarantineReason.INVALID_TEXT, nul, decoder.decode(good.getBytes(StandardCharsets.UTF_16BE)));
    assertEquals(QuarantineReason.INVALID_TEXT, decoder.decode(good.getBytes(StandardCharsets.UTF_16)).reason());
    assertEquals(QuarantineReason.INVALID_TEXT, decoder.decode(good.getBytes(java.nio.charset.Charset.forName(
        "UTF-32"))).reason());
    assertQuarantined(QuarantineReason.INVALID_TEXT, nul,
        decoder.decode(concat(good.substring(0, 30), bytes(0), good.substring(30))));
    // A UTF-8 byte-order mark is still UTF-8.
    assertEquals(DecodedRecord.Kind.DATA, decoder.decode(concat("", bytes(0xEF, 0xBB, 0xBF), good)).kind());
  }

  @Test
  void anEscapedLoneSurrogateIsInvalidText() {
    String detail = "text with an unpaired UTF-16 surrogate (\\ud800-\\udfff escape)";
    assertQuarantined(QuarantineReason.INVALID_TEXT, detail,
        paymentWithData("{\"payment_id\":1,\"merchant\":\"a\\ud800b\"}"));
    assertQuarantined(QuarantineReason.INVALID_TEXT, detail,
        paymentWithData("{\"payment_id\":1,\"merchant\":\"end\\ud800\"}"));
    assertQuarantined(QuarantineReason.INVALID_TEXT, detail,
        paymentWithData("{\"payment_id\":1,\"merchant\":\"\\udc00x\"}"));
    assertQuarantined(QuarantineReason.INVALID_TEXT, detail, paymentWithData("{\"k\\ud800\":1}"));
    assertQuarantined(QuarantineReason.INVALID_TEXT, detail,
        paymentWithData("{\"payment_id\":1,\"details\":{\"a\":[\"\\ud800\"]}}"));
    String good = customerInsert(1);
    assertQuarantined(QuarantineReason.INVALID_TEXT, detail,
        altered(good, good.replace("\"schema-name\":\"payments\"", "\"schema-name\":\"pay\\udfffments\"")));
    // A pair written as two escapes is one valid character.
    DecodedRecord pair = decode(paymentWithData("{\"payment_id\":1,\"merchant\":\"\\ud83d\\udcb3\"}"));
    assertEquals(DecodedRecord.Kind.DATA, pair.kind());
    assertEquals("\uD83D\uDCB3", pair.data().get("merchant"));
  }

  @Test
  void nestingDeeperThanTheLimitIsMalformed() {
    // The envelope and data objects are two levels: MAX_DEPTH - 2 arrays inside a value reach the limit exactly.
    int inside = RecordDecoder.MAX_DEPTH - 2;
    DecodedRecord atLimit = decode(paymentWithData(
        "{\"payment_id\":1,\"doc\":" + "[".repeat(inside) + "]".repeat(inside) + "}"));
    assertEquals(DecodedRecord.Kind.DATA, atLimit.kind());
    assertEquals("[".repeat(inside) + "]".repeat(inside), atLimit.data().get("doc"));
    String detail = "nested deeper than " + RecordDecoder.MAX_DEPTH + " levels";
    assertQuarantined(QuarantineReason.MALFORMED_JSON, detail, paymentWithData(
        "{\"payment_id\":1,\"doc\":" + "[".repeat(inside + 1) + "]".repeat(inside + 1) + "}"));
    // Far deeper, and never closed: refused at the limit, no stack overflow.
    assertQuarantined(QuarantineReason.MALFORMED_JSON, detail, paymentWithData(
        "{\"payment_id\":1,\"doc\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
    assertQuarantined(QuarantineReason.MALFORMED_JSON, detail, "{\"a\":".repeat(100_000));
  }

  @Test
  void aDefectInTheDecoderIsADecodeErrorNotAnException() {
    RecordDecoder broken = new RecordDecoder(tables, null); // fails while protecting the row image
    DecodedRecord d = broken.decode(customerInsert(1).getBytes(StandardCharsets.UTF_8));
    assertQuarantined(QuarantineReason.DECODE_ERROR, "the decoder failed on this record (NullPointerException);"
        + " report it as a defect and replay the record after the fix", d);
    // Records it does not need to protect still go through.
    assertEquals(DecodedRecord.Kind.CONTROL, broken.decode(DmsJson.toJson(
        DmsRecord.control(DmsOperation.CREATE_TABLE, "payments", "cards", TS)).getBytes(StandardCharsets.UTF_8))
        .kind());
  }

  // ---- values kept as exact text ----------------------------------------------------------------------------

  @Test
  void numbersKeepTheirTextDigitForDigit() {
    DecodedRecord d = decode(paymentWithData("{\"payment_id\":12345678901234567890.123456789,\"card_id\":1e400,"
        + "\"amount\":1.005,\"currency\":\"EUR\",\"small\":-0.0,\"exp\":1.50E-7,\"int\":9007199254740993,"
        + "\"zero\":0}"));
    assertEquals(DecodedRecord.Kind.DATA, d.kind());
    Map<String, String> data = d.data();
    assertEquals("12345678901234567890.123456789", data.get("payment_id"));
    assertEquals("1e400", data.get("card_id"));
    assertEquals("1.005", data.get("amount"));
    assertEquals("-0.0", data.get("small"));
    assertEquals("1.50E-7", data.get("exp"));
    assertEquals("9007199254740993", data.get("int"));
    assertEquals("0", data.get("zero"));
    assertEquals(List.of("payment_id", "card_id", "amount", "currency", "small", "exp", "int", "zero"),
        List.copyOf(data.keySet()), "source column order is kept");
  }

  @Test
  void nestedValuesAreCompactJsonTextWithTheirNumberText() {
    DecodedRecord d = decode(paymentWithData("{\"payment_id\":1,\"details\": { \"a\" : 1.10 , \"b\" : [ 1, 2.50,"
        + " {\"c\":null}, 12345678901234567890.123456789, 1e400 ], \"d\":true, \"e\":\"x\\\"y\\u00e9\", \"f\":[]},"
        + "\"tags\":[\"a\",false,{}]}"));
    assertEquals(DecodedRecord.Kind.DATA, d.kind());
    assertEquals("{\"a\":1.10,\"b\":[1,2.50,{\"c\":null},12345678901234567890.123456789,1e400],\"d\":true,"
        + "\"e\":\"x\\\"y\u00e9\",\"f\":[]}", d.data().get("details"));
    assertEquals("[\"a\",false,{}]", d.data().get("tags"));
  }

  @Test
  void booleansNullsAndStringsAsText() {
    DecodedRecord d = decode(paymentWithData("{\"payment_id\":1,\"t\":true,\"f\":false,\"n\":null,\"s\":\"\","
        + "\"q\":\"a\\u0000b\\n\\t\\\"\",\"num_text\":\"007\"}"));
    Map<String, String> data = d.data();
    assertEquals("true", data.get("t"));
    assertEquals("false", data.get("f"));
    assertTrue(data.containsKey("n"), "a null column is kept as a key");
    assertNull(data.get("n"));
    assertEquals("", data.get("s"));
    assertEquals("a\u0000b\n\t\"", data.get("q"), "an escaped NUL is a valid character");
    assertEquals("007", data.get("num_text"));
  }

  @Test
  void typesAndKeysAreNotCheckedAtIngest() {
    // "abc" for a bigint and a record without its primary key both go to the raw zone: curate holds them.
    DecodedRecord wrongType = decode(DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS,
        card("abc", "4111111111111111"))));
    assertEquals(DecodedRecord.Kind.DATA, wrongType.kind());
    assertEquals("abc", wrongType.data().get("card_id"));
    Map<String, Object> noKey = customer(1);
    noKey.remove("customer_id");
    DecodedRecord missingKey = decode(DmsJson.toJson(DmsRecord.data(DmsOperation.DELETE, "payments", "customers",
        TS, noKey)));
    assertEquals(DecodedRecord.Kind.DATA, missingKey.kind());
    assertFalse(missingKey.data().containsKey("customer_id"));
  }

  @Test
  void aFiveMegabyteRecordDecodes() {
    String big = "x".repeat(5 * 1024 * 1024);
    Map<String, Object> row = customer(1);
    row.put("full_name", big);
    row.put("notes", big); // undeclared: scanned for card numbers too
    DecodedRecord d = decode(DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, "payments", "customers", TS, row)));
    assertEquals(DecodedRecord.Kind.DATA, d.kind());
    assertEquals(big, d.data().get("full_name"));
    assertEquals(big, d.data().get("notes"));
  }

  // ---- timestamps ---------------------------------------------------------------------------------------------

  private static String withTimestamp(String text) {
    return customerInsert(1).replace(TS_TEXT, "\"timestamp\":\"" + text + "\"");
  }

  /** Microseconds since the epoch, computed without going through nanoseconds (which overflow a long). */
  private static long micros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }

  @Test
  void timestampsFromYearOneToYear9999AreMicros() {
    // The whole range Spark and Parquet hold, including what lies beyond a long of nanoseconds (1677 to 2262).
    assertEquals(-62135596800000000L, micros("0001-01-01T00:00:00Z"));
    for (String text : List.of("0001-01-01T00:00:00Z", "1000-06-15T12:00:00.5Z", "1677-09-21T00:12:43.145224Z",
        "1677-09-21T00:12:43.145225Z", "2262-04-11T23:47:16.854775Z", "2262-04-11T23:47:16.854776Z",
        "2263-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z")) {
      DecodedRecord d = decode(withTimestamp(text));
      assertEquals(DecodedRecord.Kind.DATA, d.kind(), () -> text + ": " + d.detail());
      assertEquals(micros(text), d.dmsTimestampMicros(), text);
    }
    assertEquals(253402300799999999L, decode(withTimestamp("9999-12-31T23:59:59.999999Z")).dmsTimestampMicros());
    long expected = Instant.parse("2024-03-01T09:10:00.123456Z").getEpochSecond() * 1_000_000L + 123456;
    for (String text : List.of("2024-03-01T09:10:00.123456Z", "2024-03-01 09:10:00.123456",
        "2024-03-01T10:10:00.123456+01:00", "2024-03-01T08:10:00.123456-0100", "2024-03-01T09:10:00.123456789Z")) {
      DecodedRecord d = decode(withTimestamp(text));
      assertEquals(DecodedRecord.Kind.DATA, d.kind(), text);
      assertEquals(expected, d.dmsTimestampMicros(), text);
    }
    assertEquals("2024-03-01 09:10:00.123456", decode(withTimestamp("2024-03-01 09:10:00.123456")).metadata()
        .get("timestamp"), "the metadata keeps the text as sent");
  }

  @Test
  void timestampsOutOfRangeOrUnreadableAreUnknownShape() {
    String detail = "metadata.timestamp is not an ISO-8601 timestamp with a year from 0001 to 9999";
    for (String text : List.of("10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "yesterday", "",
        "2024-02-30T00:00:00Z", "2024-03-01T24:00:00Z", "2024-03-01", "1709284200", "-2024-03-01T00:00:00Z")) {
      DecodedRecord d = decode(withTimestamp(text));
      assertEquals(QuarantineReason.UNKNOWN_SHAPE, d.reason(), text);
      assertEquals(detail, d.detail(), text);
    }
    assertQuarantined(QuarantineReason.UNKNOWN_SHAPE, detail,
        customerInsert(1).replace(TS_TEXT, "\"timestamp\":1709284200"));
  }

  @Test
  void commitTimestampsAreCheckedLikewise() {
    String tx = withTransaction("payments", "customers");
    String commit = "\"commit-timestamp\":\"2024-03-05T23:59:57.000001Z\"";
    assertTrue(tx.contains(commit));
    for (String text : List.of("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z")) {
      DecodedRecord d = decode(tx.replace(commit, "\"commit-timestamp\":\"" + text + "\""));
      assertEquals(DecodedRecord.Kind.DATA, d.kind(), () -> text + ": " + d.detail());
      assertEquals(micros(text), d.commitTimestampMicros(), text);
    }
    String detail = "metadata.commit-timestamp is not an ISO-8601 timestamp with a year from 0001 to 9999";
    for (String text : List.of("10000-01-01T00:00:00Z", "yesterday", "2024-13-01T00:00:00Z")) {
      DecodedRecord d = decode(tx.replace(commit, "\"commit-timestamp\":\"" + text + "\""));
      assertEquals(QuarantineReason.UNKNOWN_SHAPE, d.reason(), text);
      assertEquals(detail, d.detail(), text);
    }
    // No commit timestamp at all is fine (no transaction details).
    assertNull(decode(tx.replace("," + commit, "")).commitTimestampMicros());
    assertEquals(DecodedRecord.Kind.DATA, decode(tx.replace("," + commit, "")).kind());
  }

  // ---- card data ---------------------------------------------------------------------------------------------

  @Test
  void thePanIsHashedInDataAndBeforeImage() {
    String pan = "4111111111111111";
    String hash = new Protectors.Hasher(KEY).hash(pan);
    DecodedRecord d = decode(DmsJson.toJson(DmsRecord.data(DmsOperation.UPDATE, "payments", "cards", TS,
        card(10, pan)).withBeforeImage(card(10, pan))));
    assertEquals(DecodedRecord.Kind.DATA, d.kind());
    assertTrue(d.data().get("pan").matches("[0-9a-f]{64}"), d.data().get("pan"));
    assertEquals(hash, d.data().get("pan"));
    assertEquals(hash, d.beforeImage().get("pan"), "the before-image is hashed with the same key");
    assertTrue(d.data().get("card_holder").startsWith("*"));
    assertTrue(d.beforeImage().get("card_holder").startsWith("*"));
    assertEquals("12", d.beforeImage().get("expiry_month"));
    assertFalse(d.data().toString().contains(pan) || d.beforeImage().toString().contains(pan));
  }

  @Test
  void undeclaredCardDataIsProtectedByDefault() {
    Map<String, Object> row = card(10, "5555555555554444");
    row.put("card_number", "4111111111111111");
    row.put("cvv2", "123");
    row.put("notes", "paid with 4111 1111 1111 1111 on Monday");
    row.put("loyalty_tier", "gold");
    DecodedRecord d = decode(DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS, row)
        .withBeforeImage(row)));
    for (Map<String, String> image : List.of(d.data(), d.beforeImage())) {
      assertEquals(new Protectors.Hasher(KEY).hash("4111111111111111"), image.get("card_number"));
      assertTrue(image.containsKey("cvv2"));
      assertNull(image.get("cvv2"), "sensitive authentication data is dropped");
      assertEquals("paid with ************1111 on Monday", image.get("notes"));
      assertEquals("gold", image.get("loyalty_tier"));
      assertEquals("active", image.get("status"));
    }
  }

  // ---- the function object ------------------------------------------------------------------------------------

  @Test
  void itSurvivesSerialisationToTheExecutors() throws IOException, ClassNotFoundException {
    decoder.decode(customerInsert(1).getBytes(StandardCharsets.UTF_8)); // builds the transient parser factory
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(decoder);
    }
    RecordDecoder copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      copy = (RecordDecoder) in.readObject();
    }
    assertEquals(decoder.configured(), copy.configured());
    assertEquals(java.util.Set.of("payments.customers", "payments.cards", "payments.payments",
        "dynamodb.checkout-sessions", "cases.disputes"), copy.configured());
    DecodedRecord d = copy.decode(DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, "payments", "cards", TS,
        card(10, "4111111111111111"))).getBytes(StandardCharsets.UTF_8));
    assertEquals(new Protectors.Hasher(KEY).hash("4111111111111111"), d.data().get("pan"));
    assertEquals(QuarantineReason.DUPLICATE_KEY, copy.decode("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8))
        .reason(), "the copy is as strict as the original");
    String dynamo = "{\"eventID\":\"e1\",\"eventName\":\"INSERT\",\"tableName\":\"checkout-sessions\","
        + "\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{\"ApproximateCreationDateTime\":1709283660000,"
        + "\"Keys\":{\"merchantId\":{\"S\":\"m\"}},\"NewImage\":{\"merchantId\":{\"S\":\"m\"}}}}";
    assertEquals(DecodedRecord.Kind.DATA, copy.decode(dynamo.getBytes(StandardCharsets.UTF_8)).kind(),
        "the copy reads DynamoDB records too (its tree codec is rebuilt)");
  }
}
