package io.cdclake.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cdclake.common.pci.HashKey;
import io.cdclake.curate.testing.TestLake;
import io.cdclake.ingest.IngestJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB tables and DocumentDB collections (both DMS modes) on one stream with a relational table, through real
 * ingest and curate over two runs, with what their sources really do: duplicates, changes delivered out of order,
 * late older changes, resends, TTL deletes.
 */
class NewSourcesCurationTest {
  static final String SESSIONS = """
      { "source": { "database": "dynamodb", "table": "checkout-sessions", "ttlDeletes": "ignore" },
        "primaryKey": ["merchant_id", "session_id"], "curated": { "table": "checkout_sessions" },
        "columns": [ { "name": "merchant_id", "type": "string", "path": "merchantId" },
                     { "name": "session_id", "type": "string", "path": "sessionId" },
                     { "name": "amount", "type": "decimal(38,9)" },
                     { "name": "status", "type": "string" },
                     { "name": "risk_score", "type": "decimal(5,2)", "path": "risk.score" },
                     { "name": "tags", "type": "array<string>" } ] }""";
  static final String LEDGER = """
      { "source": { "database": "dynamodb", "table": "ledger" }, "primaryKey": ["account"],
        "curated": { "table": "ledger", "historyMode": "scd2" },
        "columns": [ { "name": "account", "type": "string" }, { "name": "balance", "type": "decimal(12,2)" } ] }""";
  static final String TICKETS = """
      { "source": { "database": "documentdb", "schema": "support", "table": "tickets" }, "primaryKey": ["_id"],
        "curated": { "table": "support_tickets" },
        "columns": [ { "name": "_id", "type": "string" },
                     { "name": "customer_id", "type": "bigint", "path": "customer.id" },
                     { "name": "status", "type": "string" },
                     { "name": "opened_at", "type": "timestamp", "path": "openedAt" },
                     { "name": "total", "type": "decimal(10,2)" } ] }""";
  static final String AGENTS = """
      { "source": { "database": "documentdb", "schema": "support", "table": "agents", "mode": "table" },
        "primaryKey": ["_id"], "curated": { "table": "support_agents" },
        "columns": [ { "name": "_id", "type": "string" }, { "name": "name", "type": "string" },
                     { "name": "team_name", "type": "string", "path": "team.name" } ] }""";

  private static TestLake lake;

  static String ddb(String table, String event, String id, long micros, String keys, String newImage,
      String oldImage, String identity) {
    return ("{\"awsRegion\":\"eu-west-1\",\"eventID\":\"" + id + "\",\"eventName\":\"" + event + "\","
        + "\"userIdentity\":" + identity + ",\"recordFormat\":\"application/json\",\"tableName\":\"" + table + "\","
        + "\"dynamodb\":{\"ApproximateCreationDateTime\":" + micros
        + ",\"ApproximateCreationDateTimePrecision\":\"MICROSECOND\",\"Keys\":" + keys
        + (newImage == null ? "" : ",\"NewImage\":" + newImage)
        + (oldImage == null ? "" : ",\"OldImage\":" + oldImage)
        + ",\"SizeBytes\":100},\"eventSource\":\"aws:dynamodb\"}");
  }

  static String session(String s, String amount, String status, String score) {
    return "{\"merchantId\":{\"S\":\"m1\"},\"sessionId\":{\"S\":\"" + s + "\"},\"amount\":{\"N\":\"" + amount
        + "\"},\"status\":{\"S\":\"" + status + "\"},\"risk\":{\"M\":{\"score\":{\"N\":\"" + score
        + "\"},\"rules\":{\"SS\":[\"velocity\"]}}},\"tags\":{\"SS\":[\"web\",\"" + status + "\"]}}";
  }

  static String sessionKeys(String s) {
    return "{\"merchantId\":{\"S\":\"m1\"},\"sessionId\":{\"S\":\"" + s + "\"}}";
  }

  static String ledger(String id, long micros, String event, String balance) {
    String image = "{\"account\":{\"S\":\"a1\"},\"balance\":{\"N\":\"" + balance + "\"}}";
    return ddb("ledger", event, id, micros, "{\"account\":{\"S\":\"a1\"}}", image, null, "null");
  }

  static String dms(String schema, String table, String op, String commit, String dmsTime, String data) {
    return "{\"data\":" + data + ",\"metadata\":{\"timestamp\":\"" + dmsTime + "\",\"record-type\":\"data\","
        + "\"operation\":\"" + op + "\",\"partition-key-type\":\"primary-key\",\"schema-name\":\"" + schema
        + "\",\"table-name\":\"" + table + "\",\"transaction-id\":\"t\",\"transaction-record-id\":1,"
        + "\"commit-timestamp\":\"" + commit + "\"}}";
  }

  static String ticket(String oid, String status, String total, boolean docAsText) {
    String doc = "{\"customer\":{\"id\":42,\"name\":\"Ada\"},\"status\":\"" + status + "\",\"openedAt\":"
        + "{\"$date\":\"2024-03-01T09:00:00Z\"},\"total\":{\"$numberDecimal\":\"" + total + "\"},\"tags\":[\"vip\"]}";
    String docValue = docAsText ? "\"" + doc.replace("\"", "\\\"") + "\"" : doc;
    return "{\"_id\":{\"$oid\":\"" + oid + "\"},\"_doc\":" + docValue + "}";
  }

  static void ingest(String file, String... lines) throws IOException {
    Files.writeString(lake.inputDir().resolve(file), String.join("\n", lines) + "\n");
    IngestJob.runAvailableNow(lake.spark, lake.config(),
        HashKey.of("new-sources-test-key-0123456789ab".getBytes(StandardCharsets.UTF_8)));
    CurateReport report = lake.curate();
    assertFalse(report.hasFailures(), report.summary());
    assertFalse(report.hasQuarantine(), report.summary());
  }

  static List<String> rows(String table, String columns, String order) {
    return lake.table(table).orderBy(order.split(",")[0], java.util.Arrays.copyOfRange(order.split(","), 1,
        order.split(",").length)).selectExpr(columns.split(";")).collectAsList().stream().map(Row::toString).toList();
  }

  @BeforeAll
  static void twoRunsOfAMixedStream() throws IOException {
    lake = TestLake.create(SESSIONS, LEDGER, TICKETS, AGENTS);
    String t1 = "6566cae2e4b0a1b2c3d4e5f1";
    String t2 = "6566cae2e4b0a1b2c3d4e5f2";
    ingest("0001.jsonl",
        ddb("checkout-sessions", "INSERT", "e-s1-a", 1_000_000, sessionKeys("s1"),
            session("s1", "10.000000001", "open", "0.10"), null, "null"),
        // s2's update arrives before its insert: source order wins, not arrival order.
        ddb("checkout-sessions", "MODIFY", "e-s2-b", 3_000_000, sessionKeys("s2"),
            session("s2", "7.50", "paid", "0.30"), session("s2", "7.50", "open", "0.20"), "null"),
        ddb("checkout-sessions", "INSERT", "e-s2-a", 2_000_000, sessionKeys("s2"),
            session("s2", "7.50", "open", "0.20"), null, "null"),
        ddb("checkout-sessions", "MODIFY", "e-s1-b", 4_000_000, sessionKeys("s1"),
            session("s1", "10.000000001", "paid", "0.15"), session("s1", "10.000000001", "open", "0.10"), "null"),
        ddb("checkout-sessions", "INSERT", "e-s3-a", 1_500_000, sessionKeys("s3"),
            session("s3", "1", "open", "0.90"), null, "null"),
        ledger("l-1", 1_000_000, "INSERT", "100.00"),
        ledger("l-2", 2_000_000, "MODIFY", "80.00"),
        dms("support", "tickets", "insert", "2024-03-01T09:00:00Z", "2024-03-01T09:00:01Z",
            ticket(t1, "open", "12.50", false)),
        dms("support", "tickets", "update", "2024-03-01T09:30:00Z", "2024-03-01T09:30:01Z",
            ticket(t1, "closed", "12.50", true)),
        dms("support", "tickets", "insert", "2024-03-01T09:10:00Z", "2024-03-01T09:10:01Z",
            ticket(t2, "open", "3.00", false)),
        dms("support", "agents", "insert", "2024-03-01T08:00:00Z", "2024-03-01T08:00:01Z",
            "{\"_id\":\"a1\",\"name\":\"Grace\",\"team.name\":\"payments\",\"team.region\":\"eu\"}"),
        // Canonical extended JSON: a date as milliseconds, numbers wrapped.
        dms("support", "tickets", "insert", "2024-03-01T09:50:00Z", "2024-03-01T09:50:01Z",
            "{\"_id\":{\"$oid\":\"6566cae2e4b0a1b2c3d4e5f3\"},\"_doc\":{\"customer\":{\"id\":{\"$numberLong\":"
                + "\"7\"}},\"status\":\"open\",\"openedAt\":{\"$date\":{\"$numberLong\":\"1709283600000\"}},"
                + "\"total\":{\"$numberInt\":\"5\"}}}"),
        dms("support", "tickets", "insert", "2024-03-01T09:51:00Z", "2024-03-01T09:51:01Z",
            "{\"_id\":\"6566cae2e4b0a1b2c3d4e5f4\",\"_doc\":{\"customer\":{\"id\":8},\"status\":\"open\","
                + "\"openedAt\":{\"$date\":1709283660000},\"total\":1.5}}"));
    ingest("0002.jsonl",
        // Duplicate delivery of a change already applied: the same event id.
        ddb("checkout-sessions", "MODIFY", "e-s1-b", 4_000_000, sessionKeys("s1"),
            session("s1", "10.000000001", "paid", "0.15"), session("s1", "10.000000001", "open", "0.10"), "null"),
        // A late change older than the applied one.
        ddb("checkout-sessions", "MODIFY", "e-s1-late", 3_500_000, sessionKeys("s1"),
            session("s1", "10.000000001", "held", "0.99"), session("s1", "10.000000001", "open", "0.10"), "null"),
        // The item expired: the contract keeps expired sessions.
        ddb("checkout-sessions", "REMOVE", "e-s2-ttl", 5_000_000, sessionKeys("s2"), null,
            session("s2", "7.50", "paid", "0.30"),
            "{\"type\":\"Service\",\"principalId\":\"dynamodb.amazonaws.com\"}"),
        ddb("checkout-sessions", "REMOVE", "e-s3-del", 6_000_000, sessionKeys("s3"), null,
            session("s3", "1", "open", "0.90"), "{\"type\":\"IAMUser\",\"principalId\":\"AIDAX\"}"),
        ledger("l-2", 2_000_000, "MODIFY", "80.00"),
        ledger("l-3", 3_000_000, "MODIFY", "95.00"),
        // A DMS resend after a restart: the same change with a new DMS timestamp.
        dms("support", "tickets", "update", "2024-03-01T09:30:00Z", "2024-03-01T11:00:00Z",
            ticket(t1, "closed", "12.50", true)),
        dms("support", "tickets", "update", "2024-03-01T09:20:00Z", "2024-03-01T09:20:01Z",
            ticket(t1, "pending", "12.50", false)),
        dms("support", "tickets", "delete", "2024-03-01T09:40:00Z", "2024-03-01T09:40:01Z",
            ticket(t2, "open", "3.00", false)),
        dms("support", "agents", "update", "2024-03-01T08:10:00Z", "2024-03-01T08:10:01Z",
            "{\"_id\":\"a1\",\"name\":\"Grace\",\"team.name\":\"risk\",\"team.region\":\"eu\"}"));
  }

  @Test
  void dynamoDbAppliesInSourceOrderIgnoresDuplicatesAndLateChangesAndKeepsTtlExpiredItems() {
    assertEquals(List.of("[m1,s1,10.000000001,paid,0.15,web|paid]", "[m1,s2,7.500000000,paid,0.30,web|paid]"),
        rows("checkout_sessions", "merchant_id;session_id;amount;status;risk_score;array_join(tags, '|')",
            "merchant_id,session_id"));
  }

  @Test
  void undeclaredDynamoDbAttributesTravelAsJsonText() {
    assertEquals(List.of("[{\"score\":0.15,\"rules\":[\"velocity\"]}]"),
        rows("checkout_sessions", "risk", "session_id").subList(0, 1));
  }

  @Test
  void aDynamoDbDuplicateIsNoNewVersionInScd2() {
    assertEquals(List.of("[100.00,false]", "[80.00,false]", "[95.00,true]"),
        rows("ledger", "balance;__is_current", "__start_at"));
  }

  @Test
  void documentModeReadsPathsIntoTheDocumentAndUnwrapsExtendedJson() {
    assertEquals(List.of("[6566cae2e4b0a1b2c3d4e5f1,42,closed,2024-03-01 09:00:00.0,12.50]",
            "[6566cae2e4b0a1b2c3d4e5f3,7,open,2024-03-01 09:00:00.0,5.00]",
            "[6566cae2e4b0a1b2c3d4e5f4,8,open,2024-03-01 09:01:00.0,1.50]"),
        rows("support_tickets", "_id;customer_id;status;opened_at;total", "_id"));
  }

  @Test
  void tableModeReadsFlattenedNames() {
    assertEquals(List.of("[a1,Grace,risk]"), rows("support_agents", "_id;name;team_name", "_id"));
  }
}
