package io.cdclake.common.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.testing.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnProtectionTest {
  private static final HashKey KEY = HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  @Test
  void protectsDeclaredColumnsInEveryRowImage() {
    TableContract cards = new ConfigLoader(Map.of())
        .contract(ProjectFiles.conf().resolve("contracts/payments.cards.json"));
    ColumnProtection protection = new ColumnProtection(KEY, List.of(cards));
    Map<String, String> data = protection.protect(cards.sourceId(),
        Map.of("card_id", "10", "pan", "4111111111111111", "card_holder", "ADA LOVELACE"));
    Map<String, String> before = protection.protect(cards.sourceId(),
        Map.of("pan", "4111111111111111", "status", "active"));

    String expectedHash = new Protectors.Hasher(KEY).hash("4111111111111111");
    assertEquals(64, expectedHash.length());
    assertEquals(expectedHash, data.get("pan"));
    assertEquals("*********ACE", data.get("card_holder"));
    assertEquals("10", data.get("card_id"));
    assertEquals(expectedHash, before.get("pan"));
    assertEquals("active", before.get("status"));
  }

  @Test
  void aProtectedColumnReadUnderAnotherNameIsProtectedWhereTheRecordHoldsIt() {
    TableContract wallets = new TableContract("dynamodb", "wallets", List.of("wallet_id"), "wallets", List.of(),
        io.cdclake.common.config.DeleteMode.HARD, io.cdclake.common.config.HistoryMode.LATEST, false,
        List.of(new io.cdclake.common.config.ColumnSpec("wallet_id", "string", java.util.Optional.empty(),
                java.util.Optional.of("walletId")),
            new io.cdclake.common.config.ColumnSpec("holder", "string",
                java.util.Optional.of(io.cdclake.common.config.Protection.MASK), java.util.Optional.of("cardHolder"))),
        "team", "", "wallets.json");
    Map<String, String> data = new ColumnProtection(KEY, List.of(wallets)).protect(wallets.sourceId(),
        Map.of("walletId", "w1", "cardHolder", "ADA LOVELACE"));
    assertEquals("*********ACE", data.get("cardHolder"), "the contract's mask, under the attribute's own name");
    assertEquals("w1", data.get("walletId"));
  }

  @Test
  void inDocumentModeTheContractProtectsTheDocumentsFieldsAndScrubsTheRest() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("wallets", ".json");
    java.nio.file.Files.writeString(file, """
        { "source": { "database": "documentdb", "schema": "shop", "table": "wallets" }, "primaryKey": ["_id"],
          "curated": {}, "columns": [ { "name": "_id", "type": "string" },
            { "name": "pan", "type": "string", "protect": "hash" },
            { "name": "cvv", "type": "string", "protect": "drop" },
            { "name": "holder", "type": "string", "protect": "mask", "path": "cardHolder" } ] }""");
    TableContract wallets = new ConfigLoader(Map.of()).contract(file);
    Map<String, String> data = new ColumnProtection(KEY, List.of(wallets)).protect(wallets.sourceId(), Map.of(
        "_id", "w1", "_doc", "{\"pan\":\"4111111111111111\",\"cvv\":\"123\",\"cardHolder\":\"ADA LOVELACE\","
            + "\"note\":\"paid with 5500 0055 5555 5559\",\"n\":378282246310005,\"amount\":12.50}"));
    com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(data.get("_doc"));
    assertEquals(new Protectors.Hasher(KEY).hash("4111111111111111"), doc.get("pan").asText(),
        "the same hash as the PAN gets anywhere else");
    assertFalse(doc.has("cvv"), "sensitive authentication data dropped: " + doc);
    assertEquals("*********ACE", doc.get("cardHolder").asText());
    assertFalse(doc.get("note").asText().contains("5500 0055 5555 5559"), doc.toString());
    assertFalse(doc.toString().contains("378282246310005"), "a card number as a JSON number is masked too: " + doc);
    assertTrue(data.get("_doc").contains("\"amount\":12.50"), "other numbers stay as written: " + data.get("_doc"));
    assertEquals("w1", data.get("_id"));
  }

  @Test
  void aTableWithoutAContractGetsTheUndeclaredDefaultForEveryColumn() {
    Map<String, String> out = new ColumnProtection(KEY, List.of()).protect("shop.unknown",
        Map.of("pan", "4111111111111111", "cvc", "123", "notes", "card 4111 1111 1111 1111"));
    assertEquals(new Protectors.Hasher(KEY).hash("4111111111111111"), out.get("pan"));
    assertNull(out.get("cvc"));
    assertEquals("card ************1111", out.get("notes"));
  }

  @Test
  void anUndeclaredColumnNamedWithACardNumberGetsItsNameMasked() {
    Map<String, String> in = new java.util.LinkedHashMap<>();
    in.put("note_5500005555555559", "a");
    in.put("4111111111111111", "b");
    in.put("4111 1111 1111 1111", "c"); // masks to the same name as the one before: kept under another
    in.put("id", "1");
    Map<String, String> out = new ColumnProtection(KEY, List.of()).protect("shop.unknown", in);
    assertEquals(Map.of("note_xxxxxxxxxxxx5559", "a", "xxxxxxxxxxxx1111", "b", "xxxxxxxxxxxx1111_2", "c", "id", "1"),
        out);
    out.keySet().forEach(k -> assertTrue(LuhnSweep.panWindows(k).isEmpty(), k));
  }

  @Test
  void namesThatMeanACardNumberAreCardDataButTheirLookalikesAreNot() {
    for (String name : List.of("card", "CC", "ccn", "creditcard", "CreditCard", "cardno", "customer_cardno",
        "acct_number", "credit_card", "card_pan")) {
      assertTrue(CardDataColumns.isPrimaryAccountNumber(name), name);
    }
    for (String name : List.of("card_id", "card_holder", "card_type", "cc_email", "account", "discard", "succ")) {
      assertFalse(CardDataColumns.isPrimaryAccountNumber(name), name);
    }
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
