package io.cdclake.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed environments load; broken files fail naming the file, the field and what to do. */
class ConfigLoaderTest {
  @TempDir
  Path dir;

  private static final String ENV = """
      {
        "environment": "test",
        "zones": { "raw": "/lake/raw", "curated": "/lake/curated", "quarantine": "/lake/q", "checkpoints": "/lake/cp" },
        "ingest": %s,
        "catalog": { "mode": "local", "database": "cdc_curated" },
        "pci": { "hashKeyEnv": "KEY", "allowEphemeralKey": true }
      }
      """;
  private static final String FILES_INGEST = "{ \"source\": \"files\", \"files\": { \"path\": \"/in\" } }";

  private Path write(String name, String json) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, json);
    return p;
  }

  private Path contract(String name, String json) throws IOException {
    return write("contracts/" + name, json);
  }

  private static String customers(String columns) {
    return """
        { "source": { "schema": "payments", "table": "customers" }, "primaryKey": ["customer_id"],
          "curated": { "table": "payments_customers" }, "columns": [%s] }
        """.formatted(columns);
  }

  private ConfigException failure(String ingest, String contractJson) throws IOException {
    Path env = write("test.json", ENV.formatted(ingest));
    contract("c.json", contractJson);
    return assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(env));
  }

  @Test
  void localEnvironmentLoadsWithEnvironmentDefaultsAndAllContracts() {
    PipelineConfig c = new ConfigLoader(Map.of("CDC_LAKE_DIR", "/tmp/lake")).loadEnvironment(ProjectFiles.conf(), "local");
    assertEquals("local", c.environment());
    assertEquals("/tmp/lake/raw", c.zones().raw());
    assertEquals(SourceKind.FILES, c.ingest().source());
    String files = c.ingest().filesPath().orElseThrow();
    assertTrue(files.startsWith("/") && files.endsWith("src-test-data/dms"), "made absolute: " + files);
    assertEquals(30, c.ingest().triggerIntervalSeconds());
    assertEquals(List.of("cases.disputes", "dynamodb.checkout-sessions", "payments.cards", "payments.customers",
        "payments.payments"),
        c.tables().stream().map(TableContract::sourceId).toList());
    TableContract cards = c.table("payments", "cards").orElseThrow();
    assertEquals(Optional.of(Protection.HASH), cards.column("pan").orElseThrow().protection());
    assertEquals("string", cards.column("pan").orElseThrow().storedType());
    assertEquals(HistoryMode.SCD2, cards.historyMode());
  }

  @Test
  void prodEnvironmentReadsKinesisSettingsFromTheEnvironment() {
    PipelineConfig c = new ConfigLoader(Map.of("CDC_LAKE_BUCKET", "my-lake", "AWS_REGION", "eu-central-1",
        "CDC_STREAM_NAME", "dms-prod")).loadEnvironment(ProjectFiles.conf(), "prod");
    assertEquals("s3://my-lake/raw", c.zones().raw());
    KinesisSourceConfig k = c.ingest().kinesis().orElseThrow();
    assertEquals("dms-prod", k.streamName());
    assertEquals("eu-central-1", k.region());
    assertEquals(KinesisConsumer.ENHANCED_FAN_OUT, k.consumer());
    assertEquals(Optional.of("cdclake-ingest"), k.consumerName());
    assertFalse(c.pci().allowEphemeralKey());
  }

  @Test
  void prodWithoutItsBucketFailsNamingTheVariable() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new ConfigLoader(Map.of()).loadEnvironment(ProjectFiles.conf(), "prod"));
    assertTrue(e.getMessage().contains("CDC_LAKE_BUCKET"), e.getMessage());
    assertTrue(e.getMessage().contains("prod.json"), e.getMessage());
  }

  @Test
  void missingEnvironmentFileIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new ConfigLoader(Map.of()).loadEnvironment(dir, "nope"));
    assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
  }

  @Test
  void efoWithoutConsumerNameIsRejected() throws IOException {
    ConfigException e = failure("{ \"source\": \"kinesis\", \"kinesis\": { \"streamName\": \"s\", \"region\": \"r\","
        + " \"consumer\": \"enhanced-fan-out\" } }", customers("{ \"name\": \"customer_id\", \"type\": \"bigint\" }"));
    assertTrue(e.getMessage().contains("ingest.kinesis.consumerName"), e.getMessage());
  }

  @Test
  void unknownStartingPositionIsRejected() throws IOException {
    ConfigException e = failure("{ \"source\": \"kinesis\", \"kinesis\": { \"streamName\": \"s\", \"region\": \"r\","
        + " \"startingPosition\": \"yesterday\" } }", customers("{ \"name\": \"customer_id\", \"type\": \"bigint\" }"));
    assertTrue(e.getMessage().contains("startingPosition"), e.getMessage());
  }

  @Test
  void namesAreCasedTheSameWhateverTheMachinesLocale() throws IOException {
    java.util.Locale before = java.util.Locale.getDefault();
    java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR")); // 'I' lower-cases to a dotless i there
    try {
      Path env = write("test.json", ENV.formatted("{ \"source\": \"kinesis\", \"kinesis\": { \"streamName\": \"s\","
          + " \"region\": \"r\", \"startingPosition\": \"trim_horizon\" } }"));
      contract("c.json", """
          { "source": { "schema": "SHOP", "table": "ITEMS" }, "primaryKey": ["ID"], "curated": { },
            "columns": [ { "name": "ID", "type": "bigint" } ] }
          """);
      PipelineConfig c = new ConfigLoader(Map.of()).load(env);
      assertEquals("shop_items", c.tables().get(0).curatedTable());
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  @Test
  void aTableNameNoContractHasIsRejectedNamingIt() {
    PipelineConfig c = new ConfigLoader(Map.of("CDC_LAKE_DIR", "/tmp/lake")).loadEnvironment(ProjectFiles.conf(), "local");
    c.requireCuratedTables(List.of("payments_cards"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.requireCuratedTables(List.of("payments_cards", "payments_crads")));
    assertTrue(e.getMessage().contains("[payments_crads]"), e.getMessage());
    assertTrue(e.getMessage().contains("payments_cards, payments_customers"), "known names listed: " + e.getMessage());
  }

  @Test
  void aMisspeltEnvironmentKeyIsRejectedNamingItsPath() throws IOException {
    ConfigException e = failure(
        "{ \"source\": \"files\", \"maxFilesPerTriger\": 1, \"files\": { \"path\": \"/in\" } }", customers("{ \"name\": \"customer_id\", \"type\": \"bigint\" }"));
    assertTrue(e.getMessage().contains("ingest.maxFilesPerTriger"), e.getMessage());
    assertTrue(e.getMessage().contains("maxFilesPerTrigger"), "the allowed keys are listed: " + e.getMessage());

    ConfigException nested = failure("{ \"source\": \"files\", \"files\": { \"paht\": \"/in\" } }",
        customers("{ \"name\": \"customer_id\", \"type\": \"bigint\" }"));
    assertTrue(nested.getMessage().contains("ingest.files.paht"), nested.getMessage());
  }

  @Test
  void filesSourceNeedsAPath() throws IOException {
    ConfigException e = failure("{ \"source\": \"files\" }", customers("{ \"name\": \"customer_id\", \"type\": \"bigint\" }"));
    assertTrue(e.getMessage().contains("ingest.files.path"), e.getMessage());
  }

  @Test
  void badSparkTypeNamesTheColumn() throws IOException {
    ConfigException e = failure(FILES_INGEST, customers("{ \"name\": \"customer_id\", \"type\": \"bigintt\" }"));
    assertTrue(e.getMessage().contains("columns[0].type"), e.getMessage());
    assertTrue(e.getMessage().contains("c.json"), e.getMessage());
  }

  @Test
  void reservedColumnNameIsRejected() throws IOException {
    ConfigException e = failure(FILES_INGEST, customers(
        "{ \"name\": \"customer_id\", \"type\": \"bigint\" }, { \"name\": \"_op\", \"type\": \"string\" }"));
    assertTrue(e.getMessage().contains("columns[1].name"), e.getMessage());
    assertTrue(e.getMessage().contains("rename"), e.getMessage());
  }

  @Test
  void primaryKeyMustBeDeclared() throws IOException {
    ConfigException e = failure(FILES_INGEST, customers("{ \"name\": \"full_name\", \"type\": \"string\" }"));
    assertTrue(e.getMessage().contains("primaryKey"), e.getMessage());
  }

  @Test
  void maskedPrimaryKeyIsRejected() throws IOException {
    ConfigException e = failure(FILES_INGEST, customers(
        "{ \"name\": \"customer_id\", \"type\": \"bigint\", \"protect\": \"mask\" }"));
    assertTrue(e.getMessage().contains("protect"), e.getMessage());
  }

  @Test
  void duplicateColumnIsRejected() throws IOException {
    ConfigException e = failure(FILES_INGEST, customers(
        "{ \"name\": \"customer_id\", \"type\": \"bigint\" }, { \"name\": \"Customer_ID\", \"type\": \"bigint\" }"));
    assertTrue(e.getMessage().contains("declared twice"), e.getMessage());
  }

  @Test
  void twoContractsForOneSourceTableAreRejected() throws IOException {
    Path env = write("test.json", ENV.formatted(FILES_INGEST));
    contract("a.json", customers("{ \"name\": \"customer_id\", \"type\": \"bigint\" }"));
    contract("b.json", customers("{ \"name\": \"customer_id\", \"type\": \"bigint\" }")
        .replace("payments_customers", "other_name"));
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(env));
    assertTrue(e.getMessage().contains("b.json") && e.getMessage().contains("payments.customers"), e.getMessage());
  }

  /** The packaged contract schema rejects each mistake, and the message names the file, the field and the choices. */
  @Test
  void contractStructureMistakesNameTheFileTheFieldAndWhatIsAllowed() throws IOException {
    String column = "{ \"name\": \"customer_id\", \"type\": \"bigint\" }";
    ConfigException misspelt = failure(FILES_INGEST, customers(column).replace("\"table\": \"payments_customers\"",
        "\"table\": \"payments_customers\", \"histroyMode\": \"scd2\""));
    assertMessage(misspelt, "c.json", "'curated.histroyMode'", "is not a data-contract field", "historyMode");

    ConfigException wrongType = failure(FILES_INGEST, customers(column).replace("\"curated\": {",
        "\"curated\": { \"deletionVectors\": \"yes\","));
    assertMessage(wrongType, "c.json", "'curated.deletionVectors'", "boolean", "string");

    ConfigException badEnum = failure(FILES_INGEST, customers(
        "{ \"name\": \"customer_id\", \"type\": \"bigint\", \"protect\": \"encrypt\" }"));
    assertMessage(badEnum, "c.json", "'columns[0].protect'", "'encrypt'", "[hash, mask, drop]");

    ConfigException missing = failure(FILES_INGEST, customers(column).replace("\"schema\": \"payments\", ", ""));
    assertMessage(missing, "c.json", "'source.schema'", "is required");
  }

  @Test
  void aCardNumberColumnWithoutProtectionIsRejectedSayingWhy() throws IOException {
    ConfigException e = failure(FILES_INGEST, customers(
        "{ \"name\": \"customer_id\", \"type\": \"bigint\" }, { \"name\": \"card_number\", \"type\": \"string\" }"));
    assertMessage(e, "c.json", "'columns[1].protect'", "is required", "PCI-DSS", "PAN");
  }

  @Test
  void aContractWithSeveralMistakesNamesEachField() throws IOException {
    ConfigException e = failure(FILES_INGEST, customers("{ \"name\": \"customer_id\", \"typ\": \"bigint\" }")
        .replace("\"payments_customers\"", "\"Payments-Customers\""));
    assertMessage(e, "c.json", "'curated.table'", "'Payments-Customers'", "'columns[0].typ'", "'columns[0].type'");
  }

  private static void assertMessage(ConfigException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
    }
  }

  @Test
  void commentsAreAllowedAndDefaultsApply() throws IOException {
    Path env = write("test.json", "// a comment\n" + ENV.formatted(FILES_INGEST));
    contract("c.json", customers("{ \"name\": \"customer_id\", \"type\": \"bigint\" }"));
    PipelineConfig c = new ConfigLoader(Map.of()).load(env);
    TableContract t = c.tables().get(0);
    assertEquals(DeleteMode.HARD, t.deleteMode());
    assertEquals(HistoryMode.LATEST, t.historyMode());
    assertEquals(1000, c.ingest().maxFilesPerTrigger());
    assertEquals(60, t.freshnessObjectiveMinutes(60), "no objective of its own: the environment's");
  }

  @Test
  void aTablesFreshnessObjectiveIsReadAndMustBePositive() throws IOException {
    String column = "{ \"name\": \"customer_id\", \"type\": \"bigint\" }";
    Path env = write("test.json", ENV.formatted(FILES_INGEST));
    contract("c.json", customers(column).replace("\"curated\": {",
        "\"curated\": { \"freshnessObjectiveMinutes\": 15,"));
    assertEquals(15, new ConfigLoader(Map.of()).load(env).tables().get(0).freshnessObjectiveMinutes(60));

    ConfigException zero = failure(FILES_INGEST, customers(column).replace("\"curated\": {",
        "\"curated\": { \"freshnessObjectiveMinutes\": 0,"));
    assertMessage(zero, "c.json", "'curated.freshnessObjectiveMinutes'");
  }
}
