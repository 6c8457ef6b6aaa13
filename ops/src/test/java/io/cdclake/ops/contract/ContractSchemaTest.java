package io.cdclake.ops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cdclake.common.config.ConfigException;
import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.ContractFields;
import io.cdclake.common.pci.CardDataColumns;
import io.cdclake.common.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code conf/contract.schema.json} and {@link ConfigLoader} telling the same story: every contract in
 * the repository satisfies both, every key the schema lists is one the loader reads (and vice versa), and
 * mutated contracts are rejected by both.
 */
class ContractSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode schemaDoc;
  private static JsonSchema schema;

  @TempDir
  Path tmp;

  @BeforeAll
  static void loadSchema() throws IOException {
    schemaDoc = JSON.readTree(ProjectFiles.conf().resolve("contract.schema.json").toFile());
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaDoc);
  }

  static List<Path> repositoryContracts() throws IOException {
    try (Stream<Path> files = Files.list(ProjectFiles.conf().resolve("contracts"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void everyRepositoryContractSatisfiesSchemaAndLoader() throws IOException {
    List<Path> contracts = repositoryContracts();
    assertFalse(contracts.isEmpty(), "conf/contracts holds no contract");
    for (Path file : contracts) {
      Set<ValidationMessage> errors = schema.validate(JSON.readTree(file.toFile()));
      assertTrue(errors.isEmpty(), file + " violates conf/contract.schema.json: " + errors);
      new ConfigLoader(Map.of()).contract(file);
    }
    assertEquals(contracts.size(), new ConfigLoader(Map.of()).loadContracts(contracts.get(0).getParent()).size());
  }

  /** The drift guard: the schema's property names per object are exactly the keys the loader accepts. */
  @Test
  void schemaListsExactlyTheKeysTheLoaderAccepts() {
    Map<String, JsonNode> schemaObjects = new LinkedHashMap<>();
    schemaObjects.put(ContractFields.ROOT, schemaDoc.get("properties"));
    schemaObjects.put(ContractFields.SOURCE, schemaDoc.at("/properties/source/properties"));
    schemaObjects.put(ContractFields.CURATED, schemaDoc.at("/properties/curated/properties"));
    schemaObjects.put(ContractFields.COLUMN, schemaDoc.at("/definitions/column/properties"));
    assertEquals(ContractFields.ALLOWED.keySet(), schemaObjects.keySet());
    schemaObjects.forEach((path, properties) -> assertEquals(new TreeSet<>(ContractFields.ALLOWED.get(path)),
        names(properties), "keys of contract object '" + path + "' in the schema vs ConfigLoader"));
    for (String object : List.of("", "/properties/source", "/properties/curated", "/definitions/column")) {
      assertEquals(false, schemaDoc.at(object + "/additionalProperties").asBoolean(true),
          "schema object '" + object + "' must forbid unknown keys, as the loader does");
    }
  }

  /**
   * The other half of the drift guard: a schema key the loader merely tolerated but never read would pass the
   * key comparison. Giving each documented key a value of the wrong JSON type must make the loader fail and
   * name that very field, which it only does for keys it reads.
   */
  @Test
  void loaderReadsEveryKeyTheSchemaDocuments() throws IOException {
    ObjectNode base = (ObjectNode) JSON.readTree(ProjectFiles.conf().resolve("contracts/payments.cards.json").toFile());
    List<String> checked = new ArrayList<>();
    forEachDocumentedKey((jsonPath, messagePath, type) -> {
      if (jsonPath.endsWith("/$schema") || jsonPath.endsWith("/$comment")) {
        return; // annotations for editors, deliberately ignored by the loader
      }
      ObjectNode contract = base.deepCopy();
      JsonNode wrong = "boolean".equals(type) ? TextNode.valueOf("not-a-boolean") : IntNode.valueOf(12345);
      set(contract, jsonPath, wrong);
      ConfigException e = assertThrows(ConfigException.class, () -> load(contract),
          "the loader accepted a wrong-typed '" + messagePath + "': does it read that key at all?");
      assertTrue(e.getMessage().contains("'" + messagePath + "'"),
          "error for a wrong-typed " + messagePath + " does not name it: " + e.getMessage());
      assertFalse(schema.validate(contract).isEmpty(), "the schema accepted a wrong-typed " + messagePath);
      checked.add(messagePath);
    });
    assertTrue(checked.containsAll(List.of("source.table", "curated.deletionVectors", "columns[0].protect",
        "owner", "description", "primaryKey")), "documented keys checked: " + checked);
  }

  /** Contracts that both the schema and the loader must reject, with the field the loader names. */
  @Test
  void schemaAndLoaderRejectTheSameMistakes() throws IOException {
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
      assertFalse(schema.validate(contract).isEmpty(), "schema accepted the mistake in " + field);
      ConfigException e = assertThrows(ConfigException.class, () -> load(contract), field);
      assertTrue(e.getMessage().contains("'" + field.trim() + "'"), "loader error should name " + field + ": "
          + e.getMessage());
    });
  }

  /** The schema's card-data patterns and {@link CardDataColumns} agree on which names need protection. */
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
        boolean loaderAccepts = accepts(contract);
        boolean schemaAccepts = schema.validate(contract).isEmpty();
        boolean expected = sad ? "drop".equals(protect) : !pan || protect != null;
        assertEquals(expected, loaderAccepts, "loader on column '" + name + "' protect=" + protect);
        assertEquals(expected, schemaAccepts, "schema on column '" + name + "' protect=" + protect);
      }
    }
    assertTrue(CardDataColumns.isPrimaryAccountNumber("card_pan"));
    assertFalse(CardDataColumns.isPrimaryAccountNumber("japan"));
    assertTrue(CardDataColumns.isSensitiveAuthenticationData("card_cvc"));
  }

  private boolean accepts(ObjectNode contract) throws IOException {
    try {
      load(contract);
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  private void load(ObjectNode contract) throws IOException {
    Path file = Files.createTempFile(tmp, "contract", ".json");
    JSON.writeValue(file.toFile(), contract);
    new ConfigLoader(Map.of()).contract(file);
  }

  private static ObjectNode column(ObjectNode contract, int index) {
    return (ObjectNode) contract.get("columns").get(index);
  }

  private static TreeSet<String> names(JsonNode properties) {
    TreeSet<String> out = new TreeSet<>();
    properties.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private interface KeyVisitor {
    void visit(String jsonPointer, String messagePath, String schemaType);
  }

  /** Every documented key, as a JSON pointer into a contract (columns: the first entry) and as loader names it. */
  private static void forEachDocumentedKey(KeyVisitor visitor) {
    visit(schemaDoc.get("properties"), "", "", visitor);
    visit(schemaDoc.at("/properties/source/properties"), "/source", "source", visitor);
    visit(schemaDoc.at("/properties/curated/properties"), "/curated", "curated", visitor);
    visit(schemaDoc.at("/definitions/column/properties"), "/columns/0", "columns[0]", visitor);
  }

  private static void visit(JsonNode properties, String pointer, String path, KeyVisitor visitor) {
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String type = resolve(e.getValue()).path("type").asText("");
      visitor.visit(pointer + "/" + e.getKey(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), type);
    }
  }

  private static JsonNode resolve(JsonNode property) {
    JsonNode ref = property.get("$ref");
    return ref == null ? property : schemaDoc.at(ref.asText().substring(1));
  }

  private static void set(ObjectNode root, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = pointer.substring(0, slash).isEmpty() ? root : root.at(pointer.substring(0, slash));
    ((ObjectNode) parent).set(pointer.substring(slash + 1), value);
  }
}
