package io.cdclake.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.dms.synth.ChangeMix;
import io.cdclake.common.dms.synth.SyntheticTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeSourceTest {
  private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
  private static final List<TableLoad> TWO_TABLES = TableLoad.parseList("bench.orders:1000:3,bench.accounts:200:1");

  private static List<LoadRecord> draw(ChangeSource source, int batches, int size) {
    List<LoadRecord> out = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      out.addAll(source.next(size, 1_700_000_000_000L + b));
    }
    return out;
  }

  @Test
  void everyRecordIsADmsMessageStampedWithItsCreationTime() {
    ChangeSource source = new ChangeSource(TWO_TABLES, ChangeMix.oltp(), 7, START, PartitionKeyMode.PRIMARY_KEY);
    List<LoadRecord> records = draw(source, 20, 50);
    assertEquals(1000, records.size());
    for (int i = 0; i < records.size(); i++) {
      LoadRecord r = records.get(i);
      DmsRecord parsed = DmsJson.parse(r.json());
      long expected = 1_700_000_000_000L + i / 50;
      assertEquals(expected, ((Number) parsed.data().get(ChangeSource.CREATED_AT_MS)).longValue());
      assertEquals(expected, r.createdAtMs());
      assertEquals(r.sourceId(), parsed.schemaName() + "." + parsed.tableName());
      assertEquals(r.operation(), parsed.operation());
      assertEquals(String.valueOf(parsed.data().get(SyntheticTable.KEY)), r.partitionKey());
      assertTrue(parsed.transaction().isPresent(), "transaction details, as the pipeline's DMS task sends them");
    }
  }

  @Test
  void tablesInterleaveByWeightAndKeepTheirOwnSourceOrder() {
    ChangeSource source = new ChangeSource(TWO_TABLES, ChangeMix.oltp(), 7, START, PartitionKeyMode.SCHEMA_TABLE);
    List<LoadRecord> records = draw(source, 40, 100);
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> lastPosition = new HashMap<>();
    for (LoadRecord r : records) {
      counts.merge(r.sourceId(), 1, Integer::sum);
      assertEquals(r.sourceId(), r.partitionKey());
      String position = DmsJson.parse(r.json()).transaction().orElseThrow().streamPosition().orElseThrow();
      String previous = lastPosition.put(r.sourceId(), position);
      assertTrue(previous == null || previous.compareTo(position) <= 0,
          r.sourceId() + " went back from " + previous + " to " + position);
    }
    assertEquals(3000, counts.get("bench.orders"), 150);
    assertEquals(1000, counts.get("bench.accounts"), 150);
    assertTrue(records.stream().anyMatch(r -> r.operation() == DmsOperation.DELETE));
    assertTrue(records.stream().anyMatch(r -> r.operation() == DmsOperation.UPDATE));
  }

  @Test
  void theSameSeedGivesTheSameStream() {
    List<LoadRecord> a = draw(new ChangeSource(TWO_TABLES, ChangeMix.oltp(), 11, START,
        PartitionKeyMode.SCHEMA_TABLE_PRIMARY_KEY), 5, 100);
    List<LoadRecord> b = draw(new ChangeSource(TWO_TABLES, ChangeMix.oltp(), 11, START,
        PartitionKeyMode.SCHEMA_TABLE_PRIMARY_KEY), 5, 100);
    List<LoadRecord> c = draw(new ChangeSource(TWO_TABLES, ChangeMix.oltp(), 12, START,
        PartitionKeyMode.SCHEMA_TABLE_PRIMARY_KEY), 5, 100);
    assertEquals(a, b);
    assertTrue(!a.equals(c));
    assertTrue(a.get(0).partitionKey().matches("bench\\.(orders|accounts)\\.\\d+"), a.get(0).partitionKey());
  }

  @Test
  void aTablesFullLoadComesBeforeItsChanges() {
    List<TableLoad> tables = List.of(TWO_TABLES.get(0).withFullLoad(300), TWO_TABLES.get(1));
    ChangeSource source = new ChangeSource(tables, ChangeMix.oltp(), 3, START, PartitionKeyMode.PRIMARY_KEY);
    assertEquals(300, source.pendingFullLoad());
    List<DmsOperation> orders = draw(source, 10, 100).stream()
        .filter(r -> r.sourceId().equals("bench.orders")).map(LoadRecord::operation).toList();
    assertTrue(orders.size() > 300);
    assertTrue(orders.subList(0, 300).stream().allMatch(op -> op == DmsOperation.LOAD));
    assertTrue(orders.subList(300, orders.size()).stream().noneMatch(op -> op == DmsOperation.LOAD));
    assertEquals(0, source.pendingFullLoad());
  }

  @Test
  void fillerWidensEveryImageWithValuesThatStayWithTheKey() {
    FillerColumns filler = FillerColumns.toWidth(20);
    ChangeSource source = new ChangeSource(TWO_TABLES, ChangeMix.oltp(), 7, START, PartitionKeyMode.PRIMARY_KEY,
        filler);
    List<LoadRecord> records = draw(source, 10, 100);
    Map<Object, Map<String, Object>> fillerByKey = new HashMap<>();
    boolean sawBefore = false;
    for (LoadRecord r : records) {
      DmsRecord parsed = DmsJson.parse(r.json());
      assertEquals(20, parsed.data().size(), r.json());
      Map<String, Object> values = new HashMap<>(parsed.data());
      values.keySet().retainAll(filler.columns().stream().map(FillerColumns.Column::name).toList());
      assertEquals(14, values.size());
      Object key = r.sourceId() + "/" + parsed.data().get(SyntheticTable.KEY);
      Map<String, Object> earlier = fillerByKey.putIfAbsent(key, values);
      assertTrue(earlier == null || earlier.equals(values), "an update keeps the row's filler values");
      if (parsed.beforeImage().isPresent()) {
        sawBefore = true;
        assertEquals(20, parsed.beforeImage().get().size() + 1, "before-image: all but the creation stamp");
      }
    }
    assertTrue(sawBefore);
    assertEquals(Map.of(), FillerColumns.none().values(1L));
    assertEquals(filler.values(42L), filler.values(42L));
    assertTrue(filler.columns().stream().map(FillerColumns.Column::type).distinct().count() >= 6);
  }

  @Test
  void aTableSpecMayNameItsSourceDatabase() {
    List<TableLoad> loads = TableLoad.parseList(
        "payments.orders:100,dynamodb:checkout-sessions.eu:50:2,documentdb:cases.disputes:20,relational:a.b:5");
    assertEquals(List.of(SourceDatabase.RELATIONAL, SourceDatabase.DYNAMODB, SourceDatabase.DOCUMENTDB,
        SourceDatabase.RELATIONAL), loads.stream().map(l -> l.table().database()).toList());
    assertEquals(List.of("payments.orders", "dynamodb.checkout-sessions.eu", "cases.disputes", "a.b"),
        loads.stream().map(TableLoad::sourceId).toList());
    assertEquals(2.0, loads.get(1).weight());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableLoad.parseList("documentdb:disputes:20"));
    assertTrue(e.getMessage().contains("documentdb:disputes:20") && e.getMessage().contains("dynamodb:table"),
        e.getMessage());
  }

  @Test
  void oneStreamCarriesEachTableInItsDatabasesWireFormat() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ChangeSource source = new ChangeSource(
        TableLoad.parseList("bench.orders:100,dynamodb:sessions:100,documentdb:cases.disputes:100"),
        ChangeMix.oltp(), 7, START, PartitionKeyMode.PRIMARY_KEY);
    Map<String, Integer> counts = new HashMap<>();
    for (LoadRecord r : draw(source, 10, 60)) {
      counts.merge(r.sourceId(), 1, Integer::sum);
      JsonNode node = json.readTree(r.json());
      switch (r.sourceId()) {
        case "dynamodb.sessions" -> {
          assertEquals("aws:dynamodb", node.path("eventSource").asText(), r.json());
          assertEquals("sessions", node.path("tableName").asText());
          JsonNode image = node.path("dynamodb").path(r.operation() == DmsOperation.DELETE ? "OldImage" : "NewImage");
          assertEquals(r.createdAtMs(), image.path(ChangeSource.CREATED_AT_MS).path("N").asLong(), r.json());
        }
        case "cases.disputes" -> {
          DmsRecord parsed = DmsJson.parse(r.json());
          assertTrue(parsed.data().containsKey("_id") && parsed.data().containsKey("_doc"), r.json());
          JsonNode stamp = node.path("data").path("_doc").path(ChangeSource.CREATED_AT_MS);
          assertTrue(stamp.isNumber() || stamp.has("$numberLong"), r.json());
          assertEquals(r.createdAtMs(), stamp.isNumber() ? stamp.asLong() : stamp.path("$numberLong").asLong());
        }
        default -> assertEquals("bench.orders", DmsJson.parse(r.json()).schemaName() + ".orders");
      }
    }
    assertEquals(3, counts.size(), counts.toString());
  }
}
