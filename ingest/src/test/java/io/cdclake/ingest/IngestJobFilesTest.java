package io.cdclake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.decode.Quarantine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The files source end to end on the committed sample capture (src-test-data/dms). */
class IngestJobFilesTest {
  private static TestLake lake;
  private static IngestReport report;

  @BeforeAll
  static void ingestSample() {
    lake = TestLake.reading(ProjectFiles.testData().resolve("dms"));
    report = IngestJob.runAvailableNow(SharedSpark.get(), lake.config, TestLake.KEY);
  }

  @Test
  void reportCountsEveryRecordOnce() {
    assertEquals(29 + 9 + 4, report.recordsIn(), "the relational capture, DynamoDB and DocumentDB records");
    assertEquals(Map.of("payments.customers", 8L, "payments.cards", 8L, "payments.payments", 6L,
        "dynamodb.checkout-sessions", 9L, "cases.disputes", 4L), report.rowsWritten());
    assertEquals(4, report.controlRecords());
    assertEquals(3, report.quarantined());
    assertEquals(Map.of("malformed_json", 1L, "unconfigured_table", 1L, "unknown_shape", 1L),
        report.quarantinedByReason());
    // maxFilesPerTrigger = 1 in conf/local.json: one micro-batch per file.
    assertEquals(5, report.batches());
  }

  @Test
  void rawZoneHoldsTheRowsPerTable() {
    assertEquals(8, lake.raw("payments.customers").count());
    assertEquals(8, lake.raw("payments.cards").count());
    assertEquals(6, lake.raw("payments.payments").count());
    assertEquals(9, lake.rawChanges().where("source_table = 'dynamodb.checkout-sessions'").count(),
        "stored as arrived, a duplicate delivery and a TTL delete included");
    assertEquals(8, lake.raw("dynamodb.checkout-sessions").count(),
        "the contract ignores TTL deletes: out of the table's typed view");
    assertEquals(4, lake.raw("cases.disputes").count());
  }

  @Test
  void rawZoneIsOneDeltaTablePartitionedByTableAndArrivalDay() throws Exception {
    Path root = Path.of(lake.paths.rawChanges());
    assertTrue(Files.isDirectory(root.resolve("_delta_log")), "the raw zone is a Delta table");
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> parquet = files.filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("_delta_log")).toList();
      assertFalse(parquet.isEmpty());
      for (Path p : parquet) {
        String rel = root.relativize(p).toString();
        assertTrue(rel.matches("source_table=([a-z_]+\\.[a-z_-]+|_control)/year=\\d{4}/month=\\d{2}/day=\\d{2}/"
            + "part-.*\\.snappy\\.parquet"), rel);
      }
    }
    // One commit per micro-batch, whatever the number of tables in it.
    assertEquals(5, SharedSpark.get().sql("DESCRIBE HISTORY delta.`" + root + "`")
        .where("operation = 'WRITE'").count());
  }

  @Test
  void rawRowsKeepTheValuesAsSentAsText() {
    Row payment = lake.rawChanges().where("source_table = 'payments.payments'").limit(1).collectAsList().get(0);
    Map<String, String> data = payment.getJavaMap(payment.fieldIndex(RawColumns.DATA));
    assertTrue(data.containsKey("amount"), data.keySet().toString());
    assertTrue(data.get("amount").matches("-?\\d+(\\.\\d+)?"), "number text kept: " + data.get("amount"));
  }

  @Test
  void quarantineKeepsReasonPositionAndScrubbedPayload() {
    List<Row> rows = lake.quarantine().collectAsList();
    assertEquals(3, rows.size());
    Map<String, Row> byReason = rows.stream()
        .collect(Collectors.toMap(r -> r.getAs(Quarantine.REASON), r -> r));
    Row malformed = byReason.get("malformed_json");
    assertTrue(((String) malformed.getAs(Quarantine.SOURCE_POSITION)).endsWith("0002-cdc.jsonl:7"));
    assertTrue(((String) malformed.getAs(Quarantine.PAYLOAD)).contains("Truncated"));
    Row unconfigured = byReason.get("unconfigured_table");
    assertEquals("audit_log", unconfigured.getAs(Quarantine.TABLE_NAME));
    assertTrue(((String) unconfigured.getAs(Quarantine.DETAIL)).contains("payments.audit_log"));
    assertTrue(((String) byReason.get("unknown_shape").getAs(Quarantine.DETAIL)).contains("record-type"));
  }

  @Test
  void controlRecordsAreKeptForAudit() {
    List<Row> rows = lake.rawChanges().where("source_table = '_control'").collectAsList();
    assertEquals(4, rows.size());
    assertEquals(3, rows.stream().filter(r -> "create-table".equals(r.getAs(RawColumns.OP))).count());
    assertEquals(1, rows.stream().filter(r -> "add-column".equals(r.getAs(RawColumns.OP))).count());
  }

  @Test
  void panNeverLandsInClear() {
    List<Row> cards = lake.raw("payments.cards").select("pan", "card_holder").collectAsList();
    for (Row r : cards) {
      String pan = r.getString(0);
      assertTrue(pan.matches("[0-9a-f]{64}"), "pan must be an HMAC: " + pan.length() + " chars");
      assertTrue(r.getString(1).startsWith("*"), "card_holder must be masked");
    }
  }

  @Test
  void aSecondRunFindsNothingNewAndWritesNothing() {
    IngestReport again = IngestJob.runAvailableNow(SharedSpark.get(), lake.config, TestLake.KEY);
    assertEquals(0, again.recordsIn());
    assertEquals(0, again.batches());
    assertEquals(8, lake.raw("payments.customers").count());
  }
}
