package io.cdclake.ops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.common.config.ConfigException;
import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.CardDataColumns;
import io.cdclake.common.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code conf/contract.schema.json}, which the loader enforces at run time, and what the loader makes of a
 * contract telling the same story: every repository contract loads, every key the schema documents reaches the
 * loaded contract, and typical mistakes are rejected naming their field.
 */
class ContractSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode schemaDoc;

  @TempDir
  Path tmp;

  @BeforeAll
  static void loadSchema() throws IOException {
    schemaDoc = JSON.readTree(ProjectFiles.conf().resolve("contract.schema.json").toFile());
  }

  static List<Path> repositoryContracts() throws IOException {
    try (Stream<Path> files = Files.list(ProjectFiles.conf().resolve("contracts"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void everyRepositoryContractLoads() throws IOException {
    List<Path> contracts = repositoryContracts();
    assertFalse(contracts.isEmpty(), "conf/contracts holds no contract");
    for (Path file : contracts) {
      new ConfigLoader(Map.of()).contract(file);
    }
    assertEquals(contracts.size(), new ConfigLoader(Map.of()).loadContracts(contracts.get(0).getParent()).size());
  }

  /**
   * The drift guard: the schema accepting a key does not mean the loader uses it. Changing each documented key
   * to another valid value must change the loaded contract, and every documented key must have such a change.
   */
  @Test
  void everyDocumentedKeyReachesTheLoadedContract() throws IOException {
    ObjectNode base = (ObjectNode) JSON.readTree(ProjectFiles.conf().resolve("contracts/payments.cards.json").toFile());
    Map<String, Consumer<ObjectNode>> changes = new LinkedHashMap<>();
    changes.put("source", c -> ((ObjectNode) c.get("source")).put("table", "cards_v2"));
    changes.put("source.schema", c -> ((ObjectNode) c.get("source")).put("schema", "issuing"));
    changes.put("source.table", c -> ((ObjectNode) c.get("source")).put("table", "card"));
    changes.put("source.database", c -> ((ObjectNode) c.get("source")).put("database", "documentdb"));
    changes.put("source.mode", c -> ((ObjectNode) c.get("source")).put("database", "documentdb").put("mode", "table"));
    changes.put("source.ttlDeletes", c -> {
      ObjectNode source = (ObjectNode) c.get("source");
      source.remove("schema");
      source.put("database", "dynamodb").put("ttlDeletes", "ignore");
    });
    changes.put("primaryKey", c -> c.putArray("primaryKey").add("card_id").add("customer_id"));
    changes.put("curated", c -> ((ObjectNode) c.get("curated")).put("deleteMode", "soft"));
    changes.put("curated.table", c -> ((ObjectNode) c.get("curated")).put("table", "cards"));
    changes.put("curated.partitionBy", c -> ((ObjectNode) c.get("curated")).putArray("partitionBy").add("status"));
    changes.put("curated.deleteMode", c -> ((ObjectNode) c.get("curated")).put("deleteMode", "soft"));
    changes.put("curated.historyMode", c -> ((ObjectNode) c.get("curated")).put("historyMode", "latest"));
    changes.put("curated.deletionVectors", c -> ((ObjectNode) c.get("curated")).put("deletionVectors", true));
    changes.put("curated.catalogFormat", c -> ((ObjectNode) c.get("curated")).put("catalogFormat", "native"));
    changes.put("curated.freshnessObjectiveMinutes",
        c -> ((ObjectNode) c.get("curated")).put("freshnessObjectiveMinutes", 5));
    changes.put("columns", c -> ((ArrayNode) c.get("columns")).remove(c.get("columns").size() - 1));
    changes.put("columns[0].name", c -> {
      column(c, 0).put("name", "card_key");
      c.putArray("primaryKey").add("card_key");
    });
    changes.put("columns[0].type", c -> column(c, 0).put("type", "string"));
    changes.put("columns[0].protect", c -> column(c, 0).put("protect", "hash"));
    changes.put("columns[0].path", c -> column(c, 0).put("path", "cardId"));
    changes.put("owner", c -> c.put("owner", "someone-else@example.com"));
    changes.put("description", c -> c.put("description", "another text"));

    TreeSet<String> documented = new TreeSet<>();
    forEachDocumentedKey((messagePath, ignored) -> documented.add(messagePath));
    documented.removeIf(k -> k.endsWith("$schema") || k.endsWith("$comment")); // for editors and humans only
    assertEquals(documented, new TreeSet<>(changes.keySet()), "each documented key needs a change here");

    TableContract unchanged = load(base);
    changes.forEach((field, change) -> {
      ObjectNode contract = base.deepCopy();
      change.accept(contract);
      assertNotEquals(unchanged, load(contract), "the loaded contract ignores a change of " + field);
    });
  }

  /** Contracts the loader must reject, naming the field. */
  @Test
  void typicalMistakesAreRejectedNamingTheField() throws IOException {
    ObjectNode base = (ObjectNode) JSON.readTree(ProjectFiles.conf().resolve("contracts/payments.cards.json").toFile());
    Map<String, Consumer<ObjectNode>> mistakes = new LinkedHashMap<>();
    mistakes.put("columns[2].protection", c -> column(c, 2).put("protection", "hash"));
    mistakes.put("curated.deletionVector", c -> ((ObjectNode) c.get("curated")).put("deletionVector", true));
    mistakes.put("columns[2].protect", c -> column(c, 2).remove("protect"));
    mistakes.put("columns[2].protect ", c -> column(c, 2).put("protect", "encrypt"));
    mistakes.put("curated.deleteMode", c -> ((ObjectNode) c.get("curated")).put("deleteMode", "purge"));
    mistakes.put("curated.table", c -> ((ObjectNode) c.get("curated")).put("table", "Payments-Cards"));
    mistakes.put("source.schema", c -> ((ObjectNode) c.get("source")).remove("schema"));
    mistakes.put("primaryKey", c -> c.putArray("primaryKey"));
    mistakes.put("columns[8].protect", c -> ((ArrayNode) c.get("columns")).addObject()
        .put("name", "cvv2").put("type", "string").put("protect", "hash"));
    mistakes.put("columns[8].name", c -> ((ArrayNode) c.get("columns")).addObject()
        .put("name", "bad name").put("type", "string"));
    mistakes.forEach((field, mutation) -> {
      ObjectNode contract = base.deepCopy();
      mutation.accept(contract);
      ConfigException e = assertThrows(ConfigException.class, () -> load(contract), field);
      assertTrue(e.getMessage().contains("'" + field.trim() + "'"), "loader error should name " + field + ": "
          + e.getMessage());
    });
  }

  /**
   * The schema's card-data patterns, which decide what a contract must protect, and {@link CardDataColumns},
   * which protects at ingest the columns a contract does not declare, agree on which names are card data.
   */
  @Test
  void cardDataPatternsAgreeWithTheLoader() throws IOException {
    ObjectNode base = (ObjectNode) JSON.readTree(ProjectFiles.conf().resolve("contracts/payments.customers.json").toFile());
    List<String> names = List.of("pan", "PAN", "card_pan", "pan_token", "Card_Number", "cardnumber", "CC_NUM",
        "primary_account_number", "cvv", "CVV2", "card_cvc", "track_1", "track2_data", "pin_block",
        "japan", "company", "span", "panel", "card_id", "card_holder", "cvv_x2", "tracking_no", "pinned");
    for (String name : names) {
      boolean pan = CardDataColumns.isPrimaryAccountNumber(name);
      boolean sad = CardDataColumns.isSensitiveAuthenticationData(name);
      for (String protect : new String[] {null, "hash", "drop"}) {
        ObjectNode contract = base.deepCopy();
        ObjectNode col = ((ArrayNode) contract.get("columns")).addObject().put("name", name).put("type", "string");
        if (protect != null) {
          col.put("protect", protect);
        }
        boolean expected = sad ? "drop".equals(protect) : !pan || protect != null;
        assertEquals(expected, accepts(contract), "loader on column '" + name + "' protect=" + protect);
      }
    }
    assertTrue(CardDataColumns.isPrimaryAccountNumber("card_pan"));
    assertFalse(CardDataColumns.isPrimaryAccountNumber("japan"));
    assertTrue(CardDataColumns.isSensitiveAuthenticationData("card_cvc"));
  }

  private boolean accepts(ObjectNode contract) {
    try {
      load(contract);
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  /** Always the same file, so that contracts loaded from equal text are equal. */
  private TableContract load(ObjectNode contract) {
    Path file = tmp.resolve("contract.json");
    try {
      JSON.writeValue(file.toFile(), contract);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new ConfigLoader(Map.of()).contract(file);
  }

  private static ObjectNode column(ObjectNode contract, int index) {
    return (ObjectNode) contract.get("columns").get(index);
  }

  private interface KeyVisitor {
    void visit(String messagePath, JsonNode property);
  }

  /** Every documented key as the loader names it (columns: the first entry). */
  private static void forEachDocumentedKey(KeyVisitor visitor) {
    visit(schemaDoc.get("properties"), "", visitor);
    visit(schemaDoc.at("/properties/source/properties"), "source", visitor);
    visit(schemaDoc.at("/properties/curated/properties"), "curated", visitor);
    visit(schemaDoc.at("/definitions/column/properties"), "columns[0]", visitor);
  }

  private static void visit(JsonNode properties, String path, KeyVisitor visitor) {
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      visitor.visit(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue());
    }
  }
}
