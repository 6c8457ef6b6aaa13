package io.cdclake.ops.dms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmsTableMappingsTest {
  @TempDir
  Path dir;

  private static List<TableContract> repositoryContracts() {
    return new ConfigLoader(Map.of()).loadContracts(ProjectFiles.conf().resolve("contracts"));
  }

  @Test
  void oneIncludeRulePerContractInContractOrder() {
    List<TableContract> contracts = repositoryContracts().stream()
        .filter(c -> c.database() == SourceDatabase.RELATIONAL).toList();
    JsonNode rules = DmsTableMappings.build(repositoryContracts(), SourceDatabase.RELATIONAL).get("rules");
    assertEquals(contracts.size() + 1, rules.size(), "the repository contracts drop no column");
    for (int i = 0; i < contracts.size(); i++) {
      JsonNode rule = rules.get(i);
      TableContract c = contracts.get(i);
      assertEquals("selection", rule.get("rule-type").asText());
      assertEquals(String.valueOf(i + 1), rule.get("rule-id").asText());
      assertEquals("include-" + c.sourceSchema() + "-" + c.sourceTable(), rule.get("rule-name").asText());
      assertEquals(c.sourceSchema(), rule.at("/object-locator/schema-name").asText());
      assertEquals(c.sourceTable(), rule.at("/object-locator/table-name").asText());
      assertEquals("include", rule.get("rule-action").asText());
      assertEquals(0, rule.get("filters").size());
    }
  }

  @Test
  void droppedColumnsAreRemovedAtTheSource() throws IOException {
    Files.writeString(dir.resolve("a.json"), """
        { "source": { "schema": "pay", "table": "auth" }, "primaryKey": ["id"], "curated": {},
          "columns": [ { "name": "id", "type": "bigint" },
                       { "name": "card_number", "type": "string", "protect": "mask" },
                       { "name": "cvv2", "type": "string", "protect": "drop" },
                       { "name": "track2", "type": "string", "protect": "drop" } ] }
        """);
    Files.writeString(dir.resolve("b.json"), """
        { "source": { "schema": "pay", "table": "refunds" }, "primaryKey": ["id"], "curated": {} }
        """);
    JsonNode rules = DmsTableMappings.build(new ConfigLoader(Map.of()).loadContracts(dir), SourceDatabase.RELATIONAL)
        .get("rules");
    assertEquals(5, rules.size());
    assertEquals("include-pay-refunds", rules.get(1).get("rule-name").asText());
    List<String> removed = new ArrayList<>();
    for (JsonNode rule : List.of(rules.get(2), rules.get(3))) {
      assertEquals("transformation", rule.get("rule-type").asText());
      assertEquals("column", rule.get("rule-target").asText());
      assertEquals("remove-column", rule.get("rule-action").asText());
      assertEquals("pay", rule.at("/object-locator/schema-name").asText());
      assertEquals("auth", rule.at("/object-locator/table-name").asText());
      removed.add(rule.at("/object-locator/column-name").asText());
    }
    assertEquals(List.of("cvv2", "track2"), removed, "masked columns still flow; dropped ones never leave");
    HashSet<String> ids = new HashSet<>();
    rules.forEach(r -> ids.add(r.get("rule-id").asText()));
    assertEquals(5, ids.size(), "rule ids must be unique");
  }

  @Test
  void everyTableGetsTheSourcesChangeSequenceAsAColumn() {
    JsonNode rules = DmsTableMappings.build(repositoryContracts(), SourceDatabase.RELATIONAL).get("rules");
    JsonNode seq = rules.get(rules.size() - 1);
    assertEquals("transformation", seq.get("rule-type").asText());
    assertEquals("add-column", seq.get("rule-action").asText());
    assertEquals("%", seq.at("/object-locator/schema-name").asText());
    assertEquals("%", seq.at("/object-locator/table-name").asText());
    assertEquals(io.cdclake.common.raw.RawColumns.CHANGE_SEQ_HEADER, seq.get("value").asText());
    assertEquals("$AR_H_CHANGE_SEQ", seq.get("expression").asText());
    assertEquals("string", seq.at("/data-type/type").asText());
  }

  @Test
  void sameContractsGiveTheSameDocument() {
    assertEquals(DmsTableMappings.build(repositoryContracts(), SourceDatabase.RELATIONAL),
        DmsTableMappings.build(repositoryContracts(), SourceDatabase.RELATIONAL));
  }

  @Test
  void refusesToSelectNothing() {
    assertThrows(IllegalArgumentException.class, () -> DmsTableMappings.build(List.of(), SourceDatabase.RELATIONAL));
  }
  /** One relational table, one DynamoDB table and two DocumentDB collections (one per mode), with dropped columns. */
  private List<TableContract> everyKind() throws IOException {
    Files.writeString(dir.resolve("a.json"), """
        { "source": { "schema": "pay", "table": "auth" }, "primaryKey": ["id"], "curated": {},
          "columns": [ { "name": "id", "type": "bigint" },
                       { "name": "cvv2", "type": "string", "protect": "drop", "path": "CVV_2" } ] }
        """);
    Files.writeString(dir.resolve("b.json"), """
        { "source": { "database": "dynamodb", "table": "orders" }, "primaryKey": ["orderId"], "curated": {},
          "columns": [ { "name": "orderId", "type": "string" },
                       { "name": "cvv", "type": "string", "protect": "drop" } ] }
        """);
    Files.writeString(dir.resolve("c.json"), """
        { "source": { "database": "documentdb", "schema": "shop", "table": "carts", "mode": "document" },
          "primaryKey": ["_id"], "curated": {},
          "columns": [ { "name": "_id", "type": "string" },
                       { "name": "cvv", "type": "string", "protect": "drop" } ] }
        """);
    Files.writeString(dir.resolve("d.json"), """
        { "source": { "database": "documentdb", "schema": "shop", "table": "wallets", "mode": "table" },
          "primaryKey": ["_id"], "curated": {},
          "columns": [ { "name": "_id", "type": "string" },
                       { "name": "cvc", "type": "string", "protect": "drop" } ] }
        """);
    return new ConfigLoader(Map.of()).loadContracts(dir);
  }

  private static List<String> names(JsonNode rules) {
    List<String> out = new ArrayList<>();
    rules.forEach(r -> out.add(r.get("rule-name").asText()));
    return out;
  }

  @Test
  void relationalTaskSelectsOnlyRelationalTablesAndAddsTheChangeSequence() throws IOException {
    JsonNode rules = DmsTableMappings.build(everyKind(), SourceDatabase.RELATIONAL).get("rules");
    assertEquals(List.of("include-pay-auth", "drop-pay-auth-CVV_2", "add-change-sequence"), names(rules),
        "no DynamoDB table, no DocumentDB collection; a renamed column is removed by its source name");
  }

  @Test
  void documentDbTaskSelectsOnlyCollectionsAndAddsNoChangeSequence() throws IOException {
    JsonNode rules = DmsTableMappings.build(everyKind(), SourceDatabase.DOCUMENTDB).get("rules");
    assertEquals(List.of("include-shop-carts", "include-shop-wallets", "drop-shop-wallets-cvc"), names(rules),
        "$AR_H_CHANGE_SEQ is documented for relational sources only; a document-mode field cannot be removed");
    assertEquals("2", rules.get(1).get("rule-id").asText());
  }

  @Test
  void documentModeDropsAreListedForThePlanToSay() throws IOException {
    assertEquals(List.of("shop.carts.cvv"), DmsTableMappings.documentModeDrops(everyKind()));
  }

  @Test
  void dynamoDbTablesNeverGetMappings() throws IOException {
    List<TableContract> contracts = everyKind();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DmsTableMappings.build(contracts, SourceDatabase.DYNAMODB));
    assertTrue(e.getMessage().contains("Kinesis Data Streams for DynamoDB"), e.getMessage());
  }

  @Test
  void aKindWithoutContractsIsRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DmsTableMappings.build(repositoryContracts().stream()
            .filter(c -> c.database() != SourceDatabase.DOCUMENTDB).toList(), SourceDatabase.DOCUMENTDB));
    assertTrue(e.getMessage().contains("documentdb"), e.getMessage());
  }
}
