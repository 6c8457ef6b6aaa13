package io.cdclake.ops.dms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.TableContract;
import io.cdclake.ops.ProvisionException;
import io.cdclake.ops.aws.FakeClient;
import io.cdclake.ops.plan.Change;
import io.cdclake.ops.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.DescribeEndpointsRequest;
import software.amazon.awssdk.services.databasemigration.model.DescribeEndpointsResponse;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationTasksResponse;
import software.amazon.awssdk.services.databasemigration.model.DocDbSettings;
import software.amazon.awssdk.services.databasemigration.model.Endpoint;
import software.amazon.awssdk.services.databasemigration.model.ModifyEndpointRequest;
import software.amazon.awssdk.services.databasemigration.model.NestingLevelValue;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTask;

/** Which contracts a DMS task selects, decided by its source endpoint, and the DocumentDB endpoint's mode. */
class DmsPlannerTest {
  private static final String TASK = "arn:aws:dms:eu-west-1:111122223333:task:TASK";
  private static final String SOURCE = "arn:aws:dms:eu-west-1:111122223333:endpoint:SOURCE";

  @TempDir
  Path dir;

  private final Map<String, Endpoint> endpoints = new HashMap<>();
  private final FakeClient<DatabaseMigrationClient> dms = FakeClient.of(DatabaseMigrationClient.class)
      .on("describeReplicationTasks", r -> DescribeReplicationTasksResponse.builder().replicationTasks(
          ReplicationTask.builder().replicationTaskArn(TASK).replicationTaskIdentifier("task").status("stopped")
              .sourceEndpointArn(SOURCE).tableMappings("{\"rules\":[]}").replicationTaskSettings("{}").build())
          .build())
      .on("describeEndpoints", r -> {
        String arn = ((DescribeEndpointsRequest) r).filters().get(0).values().get(0);
        return DescribeEndpointsResponse.builder().endpoints(endpoints.containsKey(arn) ? List.of(endpoints.get(arn))
            : List.of()).build();
      })
      .on("modifyReplicationTask", r -> null)
      .on("modifyEndpoint", r -> null);

  private void source(String engine, DocDbSettings docDb) {
    endpoints.put(SOURCE, Endpoint.builder().endpointArn(SOURCE).endpointIdentifier("source").engineName(engine)
        .docDbSettings(docDb).build());
  }

  private static DocDbSettings docDb(String database, NestingLevelValue nesting, Boolean extractDocId) {
    return DocDbSettings.builder().databaseName(database).serverName("docdb.example").port(27017)
        .nestingLevel(nesting).extractDocId(extractDocId).build();
  }

  private void contract(String file, String json) throws IOException {
    Files.writeString(dir.resolve(file), json);
  }

  private List<TableContract> everyKind() throws IOException {
    contract("a.json", """
        { "source": { "schema": "pay", "table": "auth" }, "primaryKey": ["id"], "curated": {} }
        """);
    contract("b.json", """
        { "source": { "database": "dynamodb", "table": "orders" }, "primaryKey": ["orderId"], "curated": {} }
        """);
    contract("c.json", """
        { "source": { "database": "documentdb", "schema": "shop", "table": "carts", "mode": "document" },
          "primaryKey": ["_id"], "curated": {},
          "columns": [ { "name": "_id", "type": "string" },
                       { "name": "cvv", "type": "string", "protect": "drop" } ] }
        """);
    return contracts();
  }

  private List<TableContract> contracts() {
    return new ConfigLoader(Map.of()).loadContracts(dir);
  }

  private Plan planTask(List<TableContract> contracts, List<String> managedEndpoints) {
    Plan plan = new Plan();
    new DmsPlanner(dms.client()).planTask(plan, TASK, contracts, BeforeImageColumns.PK_ONLY, managedEndpoints);
    return plan;
  }

  private static List<String> selected(Change mappings) {
    List<String> out = new ArrayList<>();
    for (JsonNode rule : mappings.desired().get("rules")) {
      if (rule.get("rule-type").asText().equals("selection")) {
        out.add(rule.at("/object-locator/schema-name").asText() + "." + rule.at("/object-locator/table-name").asText());
      }
    }
    return out;
  }

  @Test
  void relationalSourceTaskGetsTheRelationalContractsOnly() throws IOException {
    source("postgres", null);
    Plan plan = planTask(everyKind(), List.of());
    Change mappings = plan.changes().get(0);
    assertEquals(List.of("pay.auth"), selected(mappings), "DynamoDB never, DocumentDB not from postgres");
    assertTrue(mappings.resource().contains("(1 contracts)"), mappings.resource());
  }

  @Test
  void documentDbSourceTaskGetsTheCollectionsOnlyAndIsToldWhatItCannotDrop() throws IOException {
    source("docdb", docDb("shop", NestingLevelValue.NONE, true));
    Change mappings = planTask(everyKind(), List.of()).changes().get(0);
    assertEquals(List.of("shop.carts"), selected(mappings));
    assertFalse(mappings.desired().toString().contains("$AR_H_CHANGE_SEQ"), mappings.desired().toString());
    String note = mappings.note().orElseThrow();
    assertTrue(note.contains("shop.carts.cvv") && note.contains("ingest"), note);
  }

  @Test
  void taskWhoseSourceKindHasNoContractIsAnErrorNamingBoth() throws IOException {
    contract("a.json", """
        { "source": { "schema": "pay", "table": "auth" }, "primaryKey": ["id"], "curated": {} }
        """);
    source("docdb", docDb("shop", NestingLevelValue.NONE, true));
    List<TableContract> contracts = contracts();
    ProvisionException e = assertThrows(ProvisionException.class, () -> planTask(contracts, List.of()));
    assertTrue(e.getMessage().contains("task") && e.getMessage().contains("docdb")
        && e.getMessage().contains("documentdb"), e.getMessage());
  }

  @Test
  void mongoDbSourceIsRefused() throws IOException {
    source("mongodb", null);
    List<TableContract> contracts = everyKind();
    ProvisionException e = assertThrows(ProvisionException.class, () -> planTask(contracts, List.of()));
    assertTrue(e.getMessage().contains("mongodb"), e.getMessage());
  }

  @Test
  void unmanagedDocumentDbSourceInTheWrongModeIsAnErrorNamingTheContract() throws IOException {
    source("docdb", docDb("shop", NestingLevelValue.ONE, null));
    List<TableContract> contracts = everyKind();
    ProvisionException e = assertThrows(ProvisionException.class, () -> planTask(contracts, List.of()));
    assertTrue(e.getMessage().contains(dir.resolve("c.json").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("NestingLevel") && e.getMessage().contains("--endpoint-arn"), e.getMessage());
  }

  @Test
  void managedDocumentDbSourceIsLeftToItsOwnChange() throws IOException {
    source("docdb", docDb("shop", NestingLevelValue.ONE, null));
    Plan plan = planTask(everyKind(), List.of(SOURCE));
    assertEquals(2, plan.changes().size(), "mappings and settings; the endpoint is planned by planEndpoint");
  }

  @Test
  void documentDbEndpointIsSetToTheContractsMode() throws Exception {
    source("docdb", docDb("shop", NestingLevelValue.ONE, false));
    List<TableContract> contracts = everyKind();
    Plan plan = new Plan();
    new DmsPlanner(dms.client()).planEndpoint(plan, SOURCE, contracts);
    Change change = plan.changes().get(0);
    assertEquals(Change.Kind.UPDATE, change.kind());
    assertEquals("dms source endpoint source: DocumentDB settings", change.resource());
    assertEquals("one", change.current().orElseThrow().get("NestingLevel").asText());
    assertEquals("none", change.desired().get("NestingLevel").asText());
    assertTrue(change.desired().get("ExtractDocId").asBoolean(), "document mode keys records by _id");

    change.apply().run();
    ModifyEndpointRequest sent = dms.request("modifyEndpoint");
    assertEquals(SOURCE, sent.endpointArn());
    assertEquals(NestingLevelValue.NONE, sent.docDbSettings().nestingLevel());
    assertEquals("docdb.example", sent.docDbSettings().serverName(), "the connection settings are kept");
  }

  @Test
  void tableModeEndpointAsDesiredIsUnchanged() throws IOException {
    contract("d.json", """
        { "source": { "database": "documentdb", "schema": "shop", "table": "wallets", "mode": "table" },
          "primaryKey": ["_id"], "curated": {} }
        """);
    source("docdb", docDb("shop", NestingLevelValue.ONE, null));
    Plan plan = new Plan();
    new DmsPlanner(dms.client()).planEndpoint(plan, SOURCE, contracts());
    assertEquals(Change.Kind.UNCHANGED, plan.changes().get(0).kind());
    assertEquals(List.of("describeEndpoints"), dms.operations());
  }

  @Test
  void contractsOfOneEndpointInBothModesAreAnErrorNamingThem() throws IOException {
    everyKind();
    contract("d.json", """
        { "source": { "database": "documentdb", "schema": "shop", "table": "wallets", "mode": "table" },
          "primaryKey": ["_id"], "curated": {} }
        """);
    source("docdb", docDb("shop", NestingLevelValue.NONE, true));
    List<TableContract> contracts = contracts();
    ProvisionException e = assertThrows(ProvisionException.class,
        () -> new DmsPlanner(dms.client()).planEndpoint(new Plan(), SOURCE, contracts));
    assertTrue(e.getMessage().contains(dir.resolve("c.json").toString())
        && e.getMessage().contains(dir.resolve("d.json").toString()), e.getMessage());
  }

  @Test
  void documentDbEndpointOfAnotherDatabaseHasNoContract() throws IOException {
    source("docdb", docDb("billing", NestingLevelValue.NONE, true));
    List<TableContract> contracts = everyKind();
    ProvisionException e = assertThrows(ProvisionException.class,
        () -> new DmsPlanner(dms.client()).planEndpoint(new Plan(), SOURCE, contracts));
    assertTrue(e.getMessage().contains("billing"), e.getMessage());
  }

  @Test
  void kindOfTheTaskIsReported() throws IOException {
    source("docdb", docDb("", NestingLevelValue.NONE, true));
    assertEquals(SourceDatabase.DOCUMENTDB, new DmsPlanner(dms.client())
        .planTask(new Plan(), TASK, everyKind(), BeforeImageColumns.PK_ONLY, List.of()));
  }
}
