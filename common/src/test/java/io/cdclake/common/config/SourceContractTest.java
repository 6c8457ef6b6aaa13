package io.cdclake.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contracts of DynamoDB tables and DocumentDB collections: how they are named, read and refused. */
class SourceContractTest {
  @TempDir
  Path dir;

  private TableContract load(String json) throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, json);
    return new ConfigLoader(Map.of()).contract(file);
  }

  private ConfigException refused(String json) {
    return assertThrows(ConfigException.class, () -> load(json));
  }

  @Test
  void aContractWithoutDatabaseIsRelational() throws IOException {
    TableContract t = load("""
        { "source": { "schema": "payments", "table": "customers" }, "primaryKey": ["id"], "curated": {},
          "columns": [ { "name": "id", "type": "bigint" } ] }""");
    assertEquals(SourceDatabase.RELATIONAL, t.database());
    assertEquals("payments.customers", t.sourceId());
    assertEquals("id", t.columns().get(0).sourcePath());
  }

  @Test
  void aDynamoDbTableIsRoutedUnderItsOwnSchemaAndMayHaveNamesNoSqlEngineAllows() throws IOException {
    TableContract t = load("""
        { "source": { "database": "dynamodb", "table": "orders-v2.eu", "ttlDeletes": "ignore" },
          "primaryKey": ["customer_id", "order_id"], "curated": {},
          "columns": [ { "name": "customer_id", "type": "string", "path": "customerId" },
                       { "name": "order_id", "type": "string", "path": "orderId" },
                       { "name": "city", "type": "string", "path": "address.city" },
                       { "name": "tags", "type": "array<string>" } ] }""");
    assertEquals(SourceDatabase.DYNAMODB, t.database());
    assertEquals("dynamodb.orders-v2.eu", t.sourceId());
    assertEquals("dynamodb_orders_v2_eu", t.curatedTable(), "the default curated name is made an identifier");
    assertEquals(SourceOptions.TtlDeletes.IGNORE, t.source().ttlDeletes());
    assertEquals(List.of("address", "city"), t.column("city").orElseThrow().pathSegments());
  }

  @Test
  void aDocumentDbCollectionIsInDocumentModeUnlessTableModeIsSaid() throws IOException {
    String json = """
        { "source": { "database": "documentdb", "schema": "shop", "table": "carts"%s },
          "primaryKey": ["_id"], "curated": { "table": "shop_carts" },
          "columns": [ { "name": "_id", "type": "string" }, { "name": "total", "type": "decimal(10,2)" } ] }""";
    TableContract document = load(json.formatted(""));
    assertEquals(SourceDatabase.DOCUMENTDB, document.database());
    assertTrue(document.source().documentMode());
    assertEquals("shop.carts", document.sourceId());
    assertFalse(load(json.formatted(", \"mode\": \"table\"")).source().documentMode());
  }

  @Test
  void optionsOfOneDatabaseAreRefusedOnAnother() {
    ConfigException mode = refused("""
        { "source": { "schema": "payments", "table": "cards", "mode": "document" }, "primaryKey": ["id"],
          "curated": {}, "columns": [ { "name": "id", "type": "bigint" } ] }""");
    assertTrue(mode.getMessage().contains("source"), mode.getMessage());
    ConfigException ttl = refused("""
        { "source": { "database": "documentdb", "schema": "s", "table": "c", "ttlDeletes": "ignore" },
          "primaryKey": ["_id"], "curated": {}, "columns": [ { "name": "_id", "type": "string" } ] }""");
    assertTrue(ttl.getMessage().contains("source"), ttl.getMessage());
    ConfigException schema = refused("""
        { "source": { "database": "dynamodb", "schema": "x", "table": "orders" }, "primaryKey": ["id"],
          "curated": {}, "columns": [ { "name": "id", "type": "string" } ] }""");
    assertTrue(schema.getMessage().contains("source"), schema.getMessage());
  }

  @Test
  void aRelationalTableStillNeedsASchemaAndAnIdentifierName() {
    ConfigException noSchema = refused("""
        { "source": { "table": "cards" }, "primaryKey": ["id"], "curated": {},
          "columns": [ { "name": "id", "type": "bigint" } ] }""");
    assertTrue(noSchema.getMessage().contains("schema"), noSchema.getMessage());
    ConfigException dash = refused("""
        { "source": { "schema": "payments", "table": "my-cards" }, "primaryKey": ["id"], "curated": {},
          "columns": [ { "name": "id", "type": "bigint" } ] }""");
    assertTrue(dash.getMessage().contains("source.table"), dash.getMessage());
  }

  @Test
  void aProtectedColumnInsideAnotherValueIsRefusedSayingWhatToProtect() {
    ConfigException e = refused("""
        { "source": { "database": "dynamodb", "table": "wallets" }, "primaryKey": ["id"], "curated": {},
          "columns": [ { "name": "id", "type": "string" },
                       { "name": "card_pan", "type": "string", "path": "card.pan", "protect": "hash" } ] }""");
    assertTrue(e.getMessage().contains("columns[1].protect"), e.getMessage());
    assertTrue(e.getMessage().contains("top-level attribute 'card'"), e.getMessage());
  }

  @Test
  void aPathWithQuotesOrEmptySegmentsIsRefused() {
    for (String path : List.of("a..b", "a.'b'", ".a", "a.")) {
      ConfigException e = refused("""
          { "source": { "database": "dynamodb", "table": "t1" }, "primaryKey": ["id"], "curated": {},
            "columns": [ { "name": "id", "type": "string", "path": "%s" } ] }""".formatted(path));
      assertTrue(e.getMessage().contains("columns[0].path"), path + ": " + e.getMessage());
    }
  }

  @Test
  void aColumnSpecWithoutPathIsReadUnderItsName() {
    ColumnSpec c = new ColumnSpec("amount", "decimal(12,2)", Optional.empty());
    assertEquals("amount", c.sourcePath());
    assertEquals(List.of("amount"), c.pathSegments());
  }
}
