package io.cdclake.common.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.common.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ColumnProtectionTest {
  private static final HashKey KEY = HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  @Test
  void protectsDeclaredColumnsAndTheirCopiesInsideTheMaps() {
    SparkSession spark = SharedSpark.get();
    TableContract cards = new ConfigLoader(Map.of())
        .contract(ProjectFiles.conf().resolve("contracts/payments.cards.json"));
    Dataset<Row> rows = spark.sql("SELECT 10L AS card_id, '4111111111111111' AS pan, 'ADA LOVELACE' AS card_holder,"
        + " map('pan', '4111111111111111', 'status', 'active') AS " + RawColumns.BEFORE_IMAGE + ","
        + " map('card_holder', 'ADA LOVELACE') AS " + RawColumns.EXTRA_COLUMNS);

    Row out = new ColumnProtection(KEY).apply(rows, cards).collectAsList().get(0);

    String expectedHash = new Protectors.Hasher(KEY).hash("4111111111111111");
    assertEquals(64, expectedHash.length());
    assertEquals(expectedHash, out.getAs("pan"));
    assertEquals("*********ACE", out.getAs("card_holder"));
    Map<String, String> before = out.getJavaMap(out.fieldIndex(RawColumns.BEFORE_IMAGE));
    assertEquals(expectedHash, before.get("pan"));
    assertEquals("active", before.get("status"));
    Map<String, String> extra = out.getJavaMap(out.fieldIndex(RawColumns.EXTRA_COLUMNS));
    assertEquals("*********ACE", extra.get("card_holder"));
  }

  @Test
  void undeclaredColumnsThatLookLikeCardDataAreProtectedByDefault() {
    TableContract cards = new ConfigLoader(Map.of())
        .contract(ProjectFiles.conf().resolve("contracts/payments.cards.json"));
    Map<String, String> out = ColumnProtection.protectEntries(KEY, cards, Map.of(
        "card_number", "5555555555554444",
        "cvv2", "123",
        "notes", "customer read out 4012 8888 8888 1881 on the phone",
        "reference", "1234567890123",
        "status", "4111111111111111"));
    assertEquals(new Protectors.Hasher(KEY).hash("5555555555554444"), out.get("card_number"));
    assertNull(out.get("cvv2"));
    assertEquals("customer read out ************1881 on the phone", out.get("notes"));
    assertEquals("1234567890123", out.get("reference"), "not Luhn-valid: not a card number, left alone");
    assertEquals("4111111111111111", out.get("status"), "declared, unprotected columns are the contract's call");
  }

  @Test
  void hashDependsOnTheKey() {
    HashKey other = HashKey.of("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    assertNotEquals(new Protectors.Hasher(KEY).hash("4111111111111111"),
        new Protectors.Hasher(other).hash("4111111111111111"));
    assertNull(new Protectors.Hasher(KEY).hash(null));
    assertEquals(List.of("************1111", "***4"), List.of(Protectors.mask("4111111111111111"), Protectors.mask("1234")));
  }
}
