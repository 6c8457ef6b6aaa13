package io.cdclake.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curated.catalogFormat}: how Athena reads the table, defaulted from and checked against deletion vectors. */
class CatalogFormatContractTest {
  @TempDir
  Path dir;

  private TableContract load(String curated) throws IOException {
    Path file = dir.resolve("payments.payments.json");
    Files.writeString(file, """
        { "source": { "schema": "payments", "table": "payments" }, "primaryKey": ["payment_id"],
          "curated": %s,
          "columns": [ { "name": "payment_id", "type": "bigint" } ] }
        """.formatted(curated));
    return new ConfigLoader(Map.of()).contract(file);
  }

  @Test
  void defaultsToManifestWithoutDeletionVectorsAndNativeWithThem() throws IOException {
    assertEquals(CatalogFormat.MANIFEST, load("{}").catalogFormat());
    assertEquals(CatalogFormat.NATIVE, load("{ \"deletionVectors\": true }").catalogFormat());
  }

  @Test
  void explicitFormatIsKept() throws IOException {
    assertEquals(CatalogFormat.NATIVE, load("{ \"catalogFormat\": \"native\" }").catalogFormat());
    assertEquals(CatalogFormat.MANIFEST, load("{ \"catalogFormat\": \"manifest\" }").catalogFormat());
  }

  /** The schema's enums are lower case, and the schema is what the loader enforces. */
  @Test
  void upperCaseFormatIsRejectedListingTheChoices() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("{ \"catalogFormat\": \"MANIFEST\" }"));
    assertTrue(e.getMessage().contains("'MANIFEST'") && e.getMessage().contains("[manifest, native]"), e.getMessage());
  }

  @Test
  void manifestWithDeletionVectorsIsRejectedNamingTheFieldAndTheWayOut() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load("{ \"deletionVectors\": true, \"catalogFormat\": \"manifest\" }"));
    assertTrue(e.getMessage().contains("payments.payments.json"), e.getMessage());
    assertTrue(e.getMessage().contains("curated.catalogFormat"), e.getMessage());
    assertTrue(e.getMessage().contains("'native'"), e.getMessage());
  }

  @Test
  void unknownFormatListsTheChoices() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("{ \"catalogFormat\": \"iceberg\" }"));
    assertTrue(e.getMessage().contains("[manifest, native]"), e.getMessage());
  }

  @Test
  void constructorWithoutAFormatAppliesTheSameDefault() {
    TableContract plain = new TableContract("s", "t", List.of("id"), "s_t", List.of(), DeleteMode.HARD,
        HistoryMode.LATEST, false, List.of(), "o", "", "f");
    TableContract withDv = new TableContract("s", "t", List.of("id"), "s_t", List.of(), DeleteMode.HARD,
        HistoryMode.LATEST, true, List.of(), "o", "", "f");
    assertEquals(CatalogFormat.MANIFEST, plain.catalogFormat());
    assertEquals(CatalogFormat.NATIVE, withDv.catalogFormat());
  }
}
