package io.cdclake.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.pci.HashKey;
import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.curate.testing.TestLake;
import io.cdclake.ingest.IngestJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The repository's sample capture ({@code src-test-data/dms}) through ingest and curate, with the real contracts. */
class SampleDataEndToEndTest {
  static String[] repositoryContracts() throws IOException {
    try (Stream<Path> files = Files.list(ProjectFiles.conf().resolve("contracts"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).toArray(String[]::new);
    }
  }

  static List<String> rows(TestLake lake, String table, String columns, String order) {
    String[] by = order.split(",");
    return lake.table(table).orderBy(by[0], java.util.Arrays.copyOfRange(by, 1, by.length))
        .selectExpr(columns.split(",")).collectAsList().stream()
        .map(Row::toString).toList();
  }

  @Test
  void theSampleCaptureCuratesToTheSourceState() throws IOException {
    TestLake lake = TestLake.create(repositoryContracts());
    try (Stream<Path> files = Files.list(ProjectFiles.testData().resolve("dms"))) {
      for (Path f : files.sorted().toList()) {
        Files.copy(f, lake.inputDir().resolve(f.getFileName()));
      }
    }
    IngestJob.runAvailableNow(lake.spark, lake.config(),
        HashKey.of("sample-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    CurateReport report = lake.curate();
    assertFalse(report.hasFailures(), report.summary());
    assertFalse(report.hasQuarantine(), report.summary());

    // payments: latest state, hard deletes, partitioned by currency.
    assertEquals(List.of("[101,settled,EUR]", "[102,voided,USD]"),
        rows(lake, "payments_payments", "payment_id,status,currency", "payment_id"));

    // customers: soft deletes; 3 was re-keyed to 30; 1 was deleted; loyalty_tier arrived undeclared.
    assertEquals(List.of("[1,true,null]", "[2,false,null]", "[3,true,null]", "[4,false,gold]", "[30,false,null]"),
        rows(lake, "payments_customers", "customer_id,_deleted,loyalty_tier", "customer_id"));
    Row grace = lake.table("payments_customers").filter("customer_id = 2").first();
    assertNotEquals("grace.hopper@example.com", grace.getAs("email"), "protected at ingest, stays protected");
    assertEquals("Alan Turing", lake.table("payments_customers").filter("customer_id = 30").first()
        .getAs("full_name"));

    // cards: SCD2 with hard deletes: card 10 was blocked, then deleted; card 12 moved to customer 30.
    assertEquals(List.of("[10,active,false,true]", "[10,blocked,false,true]", "[11,active,true,false]",
            "[12,active,false,true]", "[12,active,true,false]", "[13,active,true,false]", "[14,active,true,false]"),
        rows(lake, "payments_cards", "card_id,status,__is_current,__end_at IS NOT NULL",
            "card_id,__start_at"));
    assertEquals(30L, lake.table("payments_cards").filter("card_id = 12 AND __is_current").first()
        .<Long>getAs("customer_id"));
    assertTrue(lake.table("payments_cards").filter("pan LIKE '4111%'").isEmpty(), "no clear PAN");

    // DynamoDB checkout sessions: cs_2's update arrived before its insert, cs_1's twice; cs_3 expired (kept by
    // the contract), cs_4 was deleted by a user.
    assertEquals(List.of("[m-100,cs_1,42.10,captured,0.12,new-device]", "[m-100,cs_2,7.50,authorized,0.05,returning]",
            "[m-200,cs_3,310.00,open,0.71,velocity|new-device]"),
        lake.table("checkout_sessions").orderBy("merchant_id", "session_id").selectExpr("merchant_id", "session_id",
            "amount", "status", "risk_score", "array_join(risk_signals, '|')").collectAsList().stream()
            .map(Row::toString).toList());
    assertTrue(lake.table("checkout_sessions").first().<String>getAs("items").startsWith("[{\"sku\":"),
        "an undeclared list travels as JSON text");

    // DocumentDB disputes (document mode): a full load, an insert, an update and its resend.
    assertEquals(List.of("[65e1a9f0c2b4d6e8f0a1b201,101,1,won,12.50,2024-02-29 18:00:00.0,false]",
            "[65e1a9f0c2b4d6e8f0a1b202,102,2,open,1999.99,2024-03-01 09:40:00.0,false]"),
        rows(lake, "cases_disputes", "_id,payment_id,customer_id,status,amount,opened_at,_deleted", "_id"));
  }
}
