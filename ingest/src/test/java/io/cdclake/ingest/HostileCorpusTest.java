package io.cdclake.ingest;

import static io.cdclake.ingest.decode.TestRows.card;
import static io.cdclake.ingest.decode.TestRows.customer;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unix_micros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawView;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.decode.Quarantine;
import io.cdclake.ingest.source.FileSequence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The files source end to end on a corpus of hostile input generated here (never committed as binaries): valid
 * records of the three contracts mixed with truncated lines, binary garbage, a 5 MB record, 10,000-deep nesting,
 * odd and out-of-range timestamps, NULs, bytes that are not UTF-8, path-like and very long table names, duplicate
 * keys, two objects on a line, a byte-order mark and bare carriage returns. Whatever a line holds, the stream goes
 * on, and every line is accounted for exactly once: in the raw zone or in quarantine, never both, never lost.
 *
 * <p>Three files, so three micro-batches ({@code maxFilesPerTrigger} is 1 in conf/local.json).
 */
class HostileCorpusTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final Instant TS = Instant.parse("2024-03-01T09:59:00Z");
  private static final String TS_TEXT = "\"timestamp\":\"2024-03-01T09:59:00.000000Z\"";
  private static final String COMMIT_TEXT = "\"commit-timestamp\":\"2024-03-01T09:58:00.000000Z\"";
  private static final String PAN = "4111111111111111";
  private static final String OTHER_PAN = "5555555555554444";
  /** Part of every path-like name in the corpus: no file or folder may ever be named after it. */
  private static final String MARKER = "cdclake-escape-marker";
  private static final int BIG = 5 * 1024 * 1024;
  private static final String CUSTOMERS = "payments.customers";
  private static final String CARDS = "payments.cards";
  private static final String PAYMENTS = "payments.payments";
  private static final String CONTROL = RawColumns.CONTROL_PARTITION;

  private static Path sandbox;
  private static Path input;
  private static TestLake lake;
  private static IngestReport report;
  /** Stream sequence -> expected outcome: the source table, {@code _control}, or {@code q:<reason>}. */
  private static final Map<String, String> expected = new TreeMap<>();
  /** Stream sequence -> {@code <file>:<line>}, for the quarantine's source position. */
  private static final Map<String, String> positions = new HashMap<>();
  private static int lines;
  private static Set<String> workingDirBefore;
  private static Map<Path, byte[]> inputBefore;

  // ---- the corpus ---------------------------------------------------------------------------------------------

  /** One file being written, line by line, with the outcome expected for each non-empty line. */
  private static final class CorpusFile {
    final String name;
    final Instant modified;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** Number of the line being written: every line end counts, whether the line is empty or not. */
    int line = 1;

    CorpusFile(String name, Instant modified) {
      this.name = name;
      this.modified = modified;
    }

    CorpusFile raw(byte[] b) {
      bytes.writeBytes(b);
      return this;
    }

    /** A record, then {@code end} ("\n", "\r\n", "\r" or "" for the file's last line). */
    CorpusFile add(byte[] record, String outcome, String end) {
      assertTrue(record.length > 0);
      String seq = FileSequence.of(name, modified.toEpochMilli(), line);
      assertNull(expected.put(seq, outcome), "sequences are unique");
      positions.put(seq, name + ":" + line);
      lines++;
      bytes.writeBytes(record);
      return end(end);
    }

    CorpusFile add(String record, String outcome) {
      return add(record.getBytes(StandardCharsets.UTF_8), outcome, "\n");
    }

    CorpusFile add(String record, String outcome, String end) {
      return add(record.getBytes(StandardCharsets.UTF_8), outcome, end);
    }

    /** An empty line: skipped, but it still takes a line number. */
    CorpusFile empty(String end) {
      return end(end);
    }

    private CorpusFile end(String end) {
      bytes.writeBytes(end.getBytes(StandardCharsets.UTF_8));
      if (!end.isEmpty()) {
        line++;
      }
      return this;
    }

    void write(Path dir) {
      try {
        Path file = dir.resolve(name);
        Files.write(file, bytes.toByteArray());
        Files.setLastModifiedTime(file, FileTime.from(modified));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Map<String, Object> payment(long id) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("payment_id", id);
    row.put("card_id", 2001);
    row.put("amount", new BigDecimal("12.50"));
    row.put("currency", "EUR");
    row.put("merchant", "Book Nook");
    row.put("status", "authorized");
    row.put("created_at", "2024-03-01 09:10:00");
    return row;
  }

  private static String data(String table, Map<String, Object> row) {
    return data("payments", table, row);
  }

  private static String data(String schema, String table, Map<String, Object> row) {
    return DmsJson.toJson(DmsRecord.data(DmsOperation.INSERT, schema, table, TS, row));
  }

  private static String withTx(long customerId) {
    return DmsJson.toJson(DmsRecord.data(DmsOperation.UPDATE, "payments", "customers", TS, customer(customerId))
        .withTransaction(new DmsRecord.Transaction("77", Optional.empty(), 1,
            Instant.parse("2024-03-01T09:58:00Z"), Optional.of("0/16B3748"))));
  }

  private static String control(DmsOperation op, String schema, String table) {
    return DmsJson.toJson(DmsRecord.control(op, schema, table, TS));
  }

  private static String replaced(String json, String from, String to) {
    assertTrue(json.contains(from), () -> "no " + from + " in " + json);
    return json.replace(from, to);
  }

  private static byte[] concat(String a, byte[] b, String c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(b);
    out.writeBytes(c.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String q(String reason) {
    return "q:" + reason;
  }

  private static void writeCorpus(Path dir) {
    String merchantHead = "{\"data\":{\"payment_id\":3100,\"merchant\":\"Caf";
    String merchantTail = "\"}," + data("payments", payment(0)).replaceFirst("^\\{\"data\":\\{[^}]*},", "");
    byte[] garbage = new byte[300];
    new Random(20240301).nextBytes(garbage);
    for (int i = 0; i < garbage.length; i++) {
      if (garbage[i] == '\n' || garbage[i] == '\r') {
        garbage[i] = 'x';
      }
    }
    garbage[0] = (byte) 0xFF;
    garbage[7] = 0;
    String cardJson = data("cards", card(2002, OTHER_PAN));
    String longName = "t".repeat(300);
    Map<String, Object> undeclared = card(2004, PAN);
    undeclared.put("card_number", PAN);
    undeclared.put("cvv2", "123");
    undeclared.put("notes", "paid with " + PAN.replaceAll("(\\d{4})", "$1 ").trim());
    Map<String, Object> noKey = customer(0);
    noKey.remove("customer_id");
    Map<String, Object> nul = customer(1004);
    nul.put("full_name", "a\u0000b");
    Map<String, Object> yearOne = payment(3001);
    yearOne.put("created_at", "0001-01-01 00:00:00");

    CorpusFile a = new CorpusFile("0001-hostile.jsonl", T0)
        .raw(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
        .add(data("customers", customer(1001)), CUSTOMERS)
        .add(data("cards", card(2001, PAN)), CARDS, "\r\n")
        .empty("\n")
        // Truncated, after a card number: the quarantine must not keep it in clear.
        .add(cardJson.substring(0, cardJson.indexOf(OTHER_PAN) + OTHER_PAN.length() + 3), q("malformed_json"))
        .add(garbage, q("invalid_text"), "\n")
        .add("\u0007\u0001garbage ~~ {{ ]] ::", q("malformed_json"))
        .add(data("payments", yearOne), PAYMENTS)
        // Timestamps: out of range and unreadable are quarantined; the whole range 0001..9999 is kept.
        .add(replaced(data("customers", customer(1101)), TS_TEXT, "\"timestamp\":\"10000-01-01T00:00:00Z\""),
            q("unknown_shape"))
        .add(replaced(data("customers", customer(1102)), TS_TEXT, "\"timestamp\":\"0001-01-01T00:00:00Z\""),
            CUSTOMERS)
        .add(replaced(data("customers", customer(1103)), TS_TEXT, "\"timestamp\":\"9999-12-31T23:59:59.999999Z\""),
            CUSTOMERS)
        .add(replaced(data("customers", customer(1104)), TS_TEXT, "\"timestamp\":\"yesterday\""), q("unknown_shape"))
        .add(replaced(data("customers", customer(1105)), TS_TEXT, "\"timestamp\":\"2024-02-30T10:00:00Z\""),
            q("unknown_shape"))
        .add(replaced(withTx(1106), COMMIT_TEXT, "\"commit-timestamp\":\"yesterday\""), q("unknown_shape"))
        .add(replaced(withTx(1107), COMMIT_TEXT, "\"commit-timestamp\":\"10000-01-01T00:00:00Z\""),
            q("unknown_shape"))
        .add(replaced(withTx(1108), COMMIT_TEXT, "\"commit-timestamp\":\"0001-01-01T00:00:00Z\""), CUSTOMERS)
        .add(data("customers", nul), CUSTOMERS)
        // Not UTF-8: Latin-1, an overlong '/', an escaped lone surrogate.
        .add(concat(merchantHead, new byte[] {(byte) 0xE9}, merchantTail), q("invalid_text"), "\n")
        .add(concat(merchantHead, new byte[] {(byte) 0xC0, (byte) 0xAF}, merchantTail), q("invalid_text"), "\n")
        .add(merchantHead + "\\ud800" + merchantTail, q("invalid_text"))
        .empty("\r\n")
        // Names that are not safe as paths: control records keep them as values, data records are quarantined.
        .add(control(DmsOperation.CREATE_TABLE, "../../../" + MARKER, "a/b\\c\"d'e"), CONTROL)
        .add(control(DmsOperation.DROP_TABLE, "payments", longName + "/" + MARKER), CONTROL)
        .add(data("../../" + MARKER, "cards/../../x\"'", customer(1)), q("unconfigured_table"))
        .add(data("payments", longName, customer(1)), q("unconfigured_table"))
        .add(data("payments/cards", "..", customer(1)), q("unconfigured_table"))
        .add(data("payments", "audit_log", Map.of("note", "card " + PAN)), q("unconfigured_table"))
        .add(control(DmsOperation.CREATE_TABLE, "payments", "customers"), CONTROL)
        // Duplicate keys, two objects on a line, trailing garbage, blanks, nesting.
        .add(replaced(data("customers", customer(1201)), "{\"customer_id\":1201,",
            "{\"customer_id\":1201,\"customer_id\":1202,"), q("duplicate_key"))
        .add(replaced(data("customers", customer(1203)), "\"operation\":\"insert\"",
            "\"operation\":\"insert\",\"operation\":\"delete\""), q("duplicate_key"))
        .add(data("customers", customer(1204)) + data("customers", customer(1205)), q("malformed_json"))
        .add(data("customers", customer(1206)) + " garbage", q("malformed_json"))
        .add("   \t", q("malformed_json"))
        .add("{}", q("unknown_shape"))
        .add("[]", q("malformed_json"))
        .add(replaced(data("payments", payment(3009)), "\"payment_id\":3009,",
            "\"payment_id\":3009,\"doc\":" + "[".repeat(10_000) + "]".repeat(10_000) + ","), q("malformed_json"))
        // Two records separated by a bare CR.
        .add(data("customers", customer(1002)), CUSTOMERS, "\r")
        .add(data("customers", customer(1003)), CUSTOMERS, "\n")
        // Not checked at ingest: a value that does not fit its type, a record without its key.
        .add(data("cards", card("abc", OTHER_PAN)), CARDS)
        .add(data("customers", noKey), CUSTOMERS)
        .add(data("cards", undeclared), CARDS)
        .add(replaced(data("customers", customer(1005)), "{\"data\":", "{\"extra\":[1,2.50],\"data\":"), CUSTOMERS);
    a.write(dir);

    Map<String, Object> big = customer(1006);
    big.put("full_name", "x".repeat(BIG));
    Map<String, Object> exact = payment(3002);
    exact.put("amount", new BigDecimal("1.005"));
    exact.put("fee", new BigDecimal("12345678901234567890.123456789"));
    CorpusFile b = new CorpusFile("0002-big.jsonl", T0.plusSeconds(60))
        .add(data("customers", big), CUSTOMERS, "\r\n")
        .empty("\r\n")
        .empty("\r\n")
        .add(data("payments", exact), PAYMENTS, "\r\n")
        .add(data("cards", card(2003, PAN)), CARDS, "\r\n");
    b.write(dir);

    CorpusFile c = new CorpusFile("0003-tail.jsonl", T0.plusSeconds(120))
        .add(data("payments", payment(3003)), PAYMENTS, "\r")
        .add("{\"data\":{\"payment_id\":3004", q("malformed_json"), "\r")
        .add(data("payments", payment(3005)), PAYMENTS, "");
    c.write(dir);
  }

  // ---- the run ------------------------------------------------------------------------------------------------

  @BeforeAll
  static void ingestTheCorpus() throws IOException {
    SharedSpark.get(); // whatever Spark itself creates on start is not the pipeline's doing
    workingDirBefore = list(Path.of("").toAbsolutePath());
    sandbox = SharedSpark.newDir("hostile-corpus-");
    input = Files.createDirectory(sandbox.resolve("input"));
    writeCorpus(input);
    inputBefore = contents(input);
    lake = TestLake.at(sandbox.resolve("lake").toString(), input);
    // Returns, rather than throwing: no record stops the stream.
    report = IngestJob.runAvailableNow(SharedSpark.get(), lake.config, TestLake.KEY);
  }

  private static Set<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Map<Path, byte[]> contents(Path dir) throws IOException {
    Map<Path, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        out.put(p.getFileName(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static Map<String, Long> countBy(java.util.function.Predicate<String> keep, String prefixToDrop) {
    return expected.values().stream().filter(keep)
        .collect(Collectors.groupingBy(v -> v.substring(prefixToDrop.length()), TreeMap::new,
            Collectors.counting()));
  }

  @Test
  void theReportCountsEveryLineOnce() {
    assertEquals(3, report.batches(), "one micro-batch per file");
    assertEquals(lines, report.recordsIn(), "every non-empty line is a record");
    assertEquals(countBy(v -> v.startsWith("payments."), ""), new TreeMap<>(report.rowsWritten()));
    assertEquals(expected.values().stream().filter(CONTROL::equals).count(), report.controlRecords());
    assertEquals(countBy(v -> v.startsWith("q:"), "q:"), new TreeMap<>(report.quarantinedByReason()));
    assertEquals(expected.values().stream().filter(v -> v.startsWith("q:")).count(), report.quarantined());
  }

  @Test
  void everyLineIsExactlyOnceInTheRawZoneOrInQuarantine() {
    List<Row> raw = lake.rawChanges().select(RawColumns.STREAM_SEQUENCE, RawColumns.SOURCE_TABLE,
        RawColumns.RECORD_TYPE, RawColumns.STREAM_PARTITION_KEY).collectAsList();
    List<Row> quarantined = lake.quarantine().select(RawColumns.STREAM_SEQUENCE, Quarantine.REASON,
        Quarantine.SOURCE_POSITION).collectAsList();
    assertEquals(lines, raw.size() + quarantined.size(), "no line lost, none twice");

    Map<String, String> actual = new TreeMap<>();
    for (Row r : raw) {
      String seq = r.getString(0);
      assertNull(actual.put(seq, r.getString(1)), "twice in raw: " + positions.get(seq));
      assertEquals(CONTROL.equals(r.getString(1)) ? "control" : "data", r.getString(2));
      assertEquals(positions.get(seq).substring(0, positions.get(seq).indexOf(':')), r.getString(3));
    }
    for (Row r : quarantined) {
      String seq = r.getString(0);
      assertNull(actual.put(seq, q(r.getString(1))), "in raw and quarantine, or twice: " + positions.get(seq));
      assertTrue(r.getString(2).endsWith("/" + positions.get(seq)),
          "source position " + r.getString(2) + " is the line of " + positions.get(seq));
    }
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      if (!e.getValue().equals(actual.get(e.getKey()))) {
        wrong.add(positions.get(e.getKey()) + ": expected " + e.getValue() + ", got " + actual.get(e.getKey()));
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertEquals(expected.keySet(), actual.keySet());
  }

  @Test
  void theValidRecordsAllReachTheRawZone() {
    assertEquals(List.of(1001L, 1002L, 1003L, 1004L, 1005L, 1006L, 1102L, 1103L, 1108L),
        lake.raw(CUSTOMERS).where(col("customer_id").isNotNull()).orderBy("customer_id")
            .select("customer_id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
    assertEquals(1, lake.raw(CUSTOMERS).where(col("customer_id").isNull()).count(), "the record without its key");
    assertEquals(List.of(3001L, 3002L, 3003L, 3005L), lake.raw(PAYMENTS).orderBy("payment_id")
        .select("payment_id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
    assertEquals(List.of("2001", "2003", "2004", "abc"), lake.raw(CARDS)
        .select(col(RawColumns.DATA).getItem("card_id")).as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().stream().sorted().toList());
  }

  @Test
  void oddValuesLandAsTextExactlyAsSent() {
    Row yearOne = lake.raw(PAYMENTS).where(col("payment_id").equalTo(3001)).first();
    assertEquals("0001-01-01 00:00:00", yearOne.getJavaMap(yearOne.fieldIndex(RawColumns.DATA)).get("created_at"));
    assertNotNull(yearOne.getAs("created_at"), "and it is a valid timestamp for curate");
    assertNull(yearOne.getAs(RawView.TYPE_PROBLEMS));

    Row exact = lake.raw(PAYMENTS).where(col("payment_id").equalTo(3002)).first();
    Map<String, String> data = exact.getJavaMap(exact.fieldIndex(RawColumns.DATA));
    assertEquals("1.005", data.get("amount"));
    assertEquals("12345678901234567890.123456789", data.get("fee"));

    assertEquals("a\u0000b", lake.raw(CUSTOMERS).where(col("customer_id").equalTo(1004)).first()
        .getAs("full_name"), "an escaped NUL is kept");
    assertEquals(BIG, lake.raw(CUSTOMERS).where(col("customer_id").equalTo(1006))
        .select(length(col("full_name"))).first().getInt(0), "the 5 MB record is whole");
    assertEquals("[1,2.50]", lake.raw(CUSTOMERS).where(col("customer_id").equalTo(1005))
        .select(col(RawColumns.METADATA).getItem("@extra")).first().getString(0));

    Row wrongType = lake.raw(CARDS).where(col(RawColumns.DATA).getItem("card_id").equalTo("abc")).first();
    assertNull(wrongType.getAs("card_id"));
    assertEquals("card_id is not a valid BIGINT", wrongType.getAs(RawView.TYPE_PROBLEMS), "curate holds it");
  }

  @Test
  void timestampsAtTheEdgesOfTheRangeAreStored() {
    Dataset<Row> customers = lake.raw(CUSTOMERS);
    assertEquals(-62135596800000000L, customers.where(col("customer_id").equalTo(1102))
        .select(unix_micros(col(RawColumns.DMS_TIMESTAMP))).first().getLong(0));
    assertEquals(253402300799999999L, customers.where(col("customer_id").equalTo(1103))
        .select(unix_micros(col(RawColumns.DMS_TIMESTAMP))).first().getLong(0));
    assertEquals(-62135596800000000L, customers.where(col("customer_id").equalTo(1108))
        .select(unix_micros(col(RawColumns.COMMIT_TIMESTAMP))).first().getLong(0));
  }

  @Test
  void namesThatAreNotSafePathsStayValues() {
    List<Row> control = lake.rawChanges().where(col(RawColumns.SOURCE_TABLE).equalTo(CONTROL))
        .select(RawColumns.SCHEMA_NAME, RawColumns.TABLE_NAME).collectAsList();
    Set<List<String>> names = control.stream().map(r -> Arrays.asList(r.getString(0), r.getString(1)))
        .collect(Collectors.toSet());
    assertEquals(Set.of(List.of("../../../" + MARKER, "a/b\\c\"d'e"),
        List.of("payments", "t".repeat(300) + "/" + MARKER), List.of("payments", "customers")), names);
    Set<String> tables = lake.rawChanges().select(RawColumns.SOURCE_TABLE).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(Set.of(CUSTOMERS, CARDS, PAYMENTS, CONTROL), tables);
    List<Row> unconfigured = lake.quarantine().where(col(Quarantine.REASON).equalTo("unconfigured_table"))
        .select(Quarantine.SCHEMA_NAME, Quarantine.TABLE_NAME).collectAsList();
    assertTrue(unconfigured.stream().anyMatch(r -> r.getString(1).equals("t".repeat(300))));
    assertTrue(unconfigured.stream().anyMatch(r -> r.getString(0).equals("../../" + MARKER)));
  }

  @Test
  void noCardNumberIsStoredInClear() throws IOException {
    for (Dataset<Row> table : List.of(lake.rawChanges(), lake.quarantine())) {
      List<String> leaks = table.select(to_json(struct(col("*")))).as(org.apache.spark.sql.Encoders.STRING())
          .filter((org.apache.spark.api.java.function.FilterFunction<String>) s -> s.contains(PAN)
              || s.contains(OTHER_PAN)).collectAsList();
      assertTrue(leaks.isEmpty(), leaks.size() + " row(s) with a clear PAN");
    }
    // Delta logs (column statistics) and the checkpoint are text: no PAN there either.
    try (Stream<Path> files = Files.walk(sandbox.resolve("lake"))) {
      for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".parquet")).toList()) {
        String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(PAN) || text.contains(OTHER_PAN), "clear PAN in " + p);
      }
    }
    Row card = lake.raw(CARDS).where(col("card_id").equalTo(2004)).first();
    assertTrue(((String) card.getAs("pan")).matches("[0-9a-f]{64}"));
    Map<String, String> extra = card.getJavaMap(card.fieldIndex(RawColumns.EXTRA_COLUMNS));
    assertEquals(card.getAs("pan"), extra.get("card_number"), "an undeclared card_number is hashed like the PAN");
    assertTrue(extra.containsKey("cvv2"));
    assertNull(extra.get("cvv2"), "cvv2 is dropped");
    assertEquals("paid with ************1111", extra.get("notes"));
    Row truncated = lake.quarantine().where(col(Quarantine.PAYLOAD).contains("2002")).first();
    assertTrue(((String) truncated.getAs(Quarantine.PAYLOAD)).contains("************4444"));
  }

  @Test
  void nothingIsWrittenOutsideTheLake() throws IOException {
    assertEquals(Set.of("input", "lake"), list(sandbox));
    Map<Path, byte[]> inputAfter = contents(input);
    assertEquals(inputBefore.keySet(), inputAfter.keySet(), "the input folder is read, never written");
    inputBefore.forEach((p, b) -> assertTrue(Arrays.equals(b, inputAfter.get(p)), p + " changed"));
    Path root = sandbox.resolve("lake");
    assertEquals(Set.of("raw", "quarantine", "checkpoints"), list(root));
    assertEquals(Set.of("changes"), list(root.resolve("raw")));
    assertEquals(Set.of("ingest"), list(root.resolve("quarantine")));
    assertEquals(Set.of("ingest"), list(root.resolve("checkpoints")));
    assertEquals(Set.of("_delta_log", "source_table=payments.customers", "source_table=payments.cards",
        "source_table=payments.payments", "source_table=_control"), list(root.resolve("raw/changes")));
    try (Stream<Path> all = Files.walk(root)) {
      List<String> named = all.map(p -> root.relativize(p).toString()).filter(p -> p.contains(MARKER)
          || p.contains("audit_log") || p.contains("..") || p.contains("ttttt")).toList();
      assertTrue(named.isEmpty(), "paths named after record content: " + named);
    }
    for (Path dir = sandbox; dir != null; dir = dir.getParent()) {
      try (Stream<Path> s = Files.list(dir)) {
        final Path where = dir;
        assertFalse(s.anyMatch(p -> p.getFileName().toString().contains(MARKER)), "escaped into " + where);
      } catch (java.nio.file.AccessDeniedException e) {
        // a folder above the temporary directory we may not list
      }
    }
    assertEquals(workingDirBefore, list(Path.of("").toAbsolutePath()), "nothing new in the working directory");
  }

  @Test
  void theStreamGoesOnAfterTheCorpus() {
    // The checkpoint is consistent: a second run finds nothing new and writes nothing.
    IngestReport again = IngestJob.runAvailableNow(SharedSpark.get(), lake.config, TestLake.KEY);
    assertEquals(0, again.recordsIn());
    assertEquals(lines, lake.rawChanges().count() + lake.quarantine().count());
  }
}
