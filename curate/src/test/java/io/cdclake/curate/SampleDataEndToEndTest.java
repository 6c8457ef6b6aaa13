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
  }
}
