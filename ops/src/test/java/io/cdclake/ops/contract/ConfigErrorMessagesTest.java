package io.cdclake.ops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigException;
import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an on-call engineer reads when an EMR step fails at start: every configuration error names the file and
 * the field. Each case starts from the repository's real files and breaks one thing.
 */
class ConfigErrorMessagesTest {
  @TempDir
  Path conf;

  private static final String CARDS = """
      {
        "source": { "schema": "payments", "table": "cards" },
        "primaryKey": ["card_id"],
        "curated": { "table": "payments_cards" },
        "columns": [
          { "name": "card_id", "type": "bigint" },
          { "name": "pan", "type": "string", "protect": "hash" }
        ]
      }
      """;

  private Path copyRepositoryConf() throws IOException {
    Files.createDirectories(conf.resolve("contracts"));
    for (String f : new String[] {"local.json", "prod.json"}) {
      Files.copy(ProjectFiles.conf().resolve(f), conf.resolve(f));
    }
    return conf;
  }

  private Path contract(String name, String text) throws IOException {
    Path file = conf.resolve("contracts").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static void assertNames(ConfigException e, Path file, String field) {
    assertTrue(e.getMessage().contains(file.getFileName().toString()), "no file name in: " + e.getMessage());
    assertTrue(e.getMessage().contains("'" + field + "'"), "no field '" + field + "' in: " + e.getMessage());
  }

  @Test
  void repositoryEnvironmentsLoad() {
    PipelineConfig prod = new ConfigLoader(Map.of("CDC_LAKE_BUCKET", "lake-test"))
        .loadEnvironment(ProjectFiles.conf(), "prod");
    assertEquals("s3://lake-test/raw", prod.zones().raw());
    assertEquals(5, prod.tables().size(), "three relational tables, a DynamoDB table, a DocumentDB collection");
    PipelineConfig local = new ConfigLoader(Map.of()).loadEnvironment(ProjectFiles.conf(), "local");
    assertEquals(prod.tables(), local.tables(), "both environments share conf/contracts");
  }

  @Test
  void missingEnvironmentVariableNamesFileFieldAndVariable() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new ConfigLoader(Map.of()).loadEnvironment(ProjectFiles.conf(), "prod"));
    assertNames(e, Path.of("prod.json"), "zones.raw");
    assertTrue(e.getMessage().contains("CDC_LAKE_BUCKET"), e.getMessage());
  }

  @Test
  void badEnumInEnvironmentNamesFieldAndChoices() throws IOException {
    copyRepositoryConf();
    Path local = conf.resolve("local.json");
    Files.writeString(local, Files.readString(local).replace("\"source\": \"files\"", "\"source\": \"kafka\""));
    contract("a.json", CARDS);
    ConfigException e = assertThrows(ConfigException.class,
        () -> new ConfigLoader(Map.of()).loadEnvironment(conf, "local"));
    assertNames(e, local, "ingest.source");
    assertTrue(e.getMessage().contains("kinesis") && e.getMessage().contains("files"), e.getMessage());
  }

  @Test
  void misspeltContractKeyIsRejectedNotIgnored() throws IOException {
    Path file = contract("cards.json", CARDS.replace("\"protect\": \"hash\"", "\"protection\": \"hash\""));
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).contract(file));
    assertNames(e, file, "columns[1].protection");
    assertTrue(e.getMessage().contains("protect"), "should list the allowed keys: " + e.getMessage());
  }

  @Test
  void unprotectedCardNumberIsRejected() throws IOException {
    Path file = contract("cards.json", CARDS.replace(", \"protect\": \"hash\"", ""));
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).contract(file));
    assertNames(e, file, "columns[1].protect");
    assertTrue(e.getMessage().contains("PAN"), e.getMessage());
  }

  @Test
  void verificationCodeMustBeDropped() throws IOException {
    Path file = contract("cards.json", CARDS.replace("\"name\": \"pan\"", "\"name\": \"cvv\""));
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).contract(file));
    assertNames(e, file, "columns[1].protect");
    assertTrue(e.getMessage().contains("'drop'"), e.getMessage());
  }

  @Test
  void invalidSparkTypeNamesColumn() throws IOException {
    Path file = contract("cards.json", CARDS.replace("\"bigint\"", "\"big integer\""));
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).contract(file));
    assertNames(e, file, "columns[0].type");
  }

  @Test
  void primaryKeyMustBeDeclared() throws IOException {
    Path file = contract("cards.json", CARDS.replace("[\"card_id\"]", "[\"id\"]"));
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).contract(file));
    assertNames(e, file, "primaryKey");
  }

  @Test
  void duplicateSourceTableNamesBothFiles() throws IOException {
    Path first = contract("a.json", CARDS);
    Path second = contract("b.json", CARDS.replace("payments_cards", "cards_again"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> new ConfigLoader(Map.of()).loadContracts(first.getParent()));
    assertNames(e, second, "source");
    assertTrue(e.getMessage().contains(first.getFileName().toString()), e.getMessage());
  }

  @Test
  void malformedJsonGivesFileAndLine() throws IOException {
    Path file = contract("cards.json", CARDS.replace("\"primaryKey\": [\"card_id\"],", "\"primaryKey\": [\"card_id\"]"));
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).contract(file));
    assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().contains("line"),
        e.getMessage());
  }
}
