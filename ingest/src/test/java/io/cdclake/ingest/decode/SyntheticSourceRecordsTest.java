package io.cdclake.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.dms.synth.ChangeMix;
import io.cdclake.common.dms.synth.ChangeStreamGenerator;
import io.cdclake.common.dms.synth.SourceRecords;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.common.pci.ColumnProtection;
import io.cdclake.common.pci.HashKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's streams for each source database, written in that database's wire format, read back by the real
 * decoder: every record is a data record of its table with the values the generator gave it, so the load generator
 * and the randomized model test feed ingest what DynamoDB and DMS would.
 */
class SyntheticSourceRecordsTest {
  private static final HashKey KEY = HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  @TempDir
  Path dir;

  private List<DmsRecord> stream(SyntheticTable table) {
    ChangeStreamGenerator g = new ChangeStreamGenerator(table, ChangeMix.oltp(), 7, Instant.parse("2024-03-01T00:00:00Z"));
    List<DmsRecord> records = new ArrayList<>(g.fullLoad(5));
    records.addAll(g.changes(200));
    return records;
  }

  private RecordDecoder decoder(SyntheticTable table) throws IOException {
    Path file = dir.resolve(table.sourceId() + ".json");
    Files.writeString(file, table.contractJson("c", "hard", "latest"));
    TableContract contract = new ConfigLoader(Map.of()).contract(file);
    assertEquals(table.database(), contract.database());
    assertEquals(table.sourceId(), contract.sourceId());
    return new RecordDecoder(List.of(contract), new ColumnProtection(KEY, List.of(contract)));
  }

  @Test
  void dynamoDbItemsAreChangeRecordsWithTypedAttributesAndNoKeyChanges() throws IOException {
    SyntheticTable table = new SyntheticTable("ignored", "sessions-v2", 20, SourceDatabase.DYNAMODB);
    RecordDecoder decoder = decoder(table);
    long previousCreation = Long.MIN_VALUE;
    for (DmsRecord r : stream(table)) {
      assertFalse(r.operation() == DmsOperation.LOAD, "DynamoDB has no full load: " + r);
      String json = SourceRecords.toJson(table, r);
      assertEquals(json, SourceRecords.toJson(table, r), "a redelivery is byte for byte the same record");
      DecodedRecord d = decoder.decode(json.getBytes(StandardCharsets.UTF_8));
      assertEquals(DecodedRecord.Kind.DATA, d.kind(), d.detail() + " for " + json);
      assertEquals("dynamodb.sessions-v2", d.sourceId());
      assertEquals(r.operation().wireName(), d.operation());
      assertEquals(String.valueOf(r.data().get("id")), d.data().get("id"));
      assertEquals(r.data().get("amount"), d.data().get("amount"), "decimals travel as N, digit for digit");
      assertEquals(r.data().get("status"), d.data().get("status"));
      if (r.operation() == DmsOperation.UPDATE) {
        assertEquals(r.data().get("id"), r.beforeImage().orElseThrow().get("id"), "no key changes: " + r);
      }
      assertNotNull(d.commitTimestampMicros());
      assertTrue(d.commitTimestampMicros() >= previousCreation, "creation times follow source order");
      previousCreation = d.commitTimestampMicros();
    }
    assertThrows(IllegalStateException.class,
        () -> new ChangeStreamGenerator(table, ChangeMix.oltp(), 1, Instant.EPOCH).withDmsRestarts());
  }

  @Test
  void documentDbDocumentsAreDmsRecordsInDocumentModeWithExtendedJson() throws IOException {
    SyntheticTable table = new SyntheticTable("cases", "disputes", 20, SourceDatabase.DOCUMENTDB);
    RecordDecoder decoder = decoder(table);
    boolean canonical = false;
    boolean relaxed = false;
    for (DmsRecord r : stream(table)) {
      DecodedRecord d = decoder.decode(SourceRecords.toJson(table, r).getBytes(StandardCharsets.UTF_8));
      assertEquals(DecodedRecord.Kind.DATA, d.kind(), String.valueOf(d.detail()));
      assertEquals("cases.disputes", d.sourceId());
      long id = ((Number) r.data().get("id")).longValue();
      assertEquals("{\"$oid\":\"" + SourceRecords.objectId(id) + "\"}", d.data().get("_id"));
      String doc = d.data().get("_doc");
      assertTrue(doc.contains("\"status\":\"" + r.data().get("status") + "\""), doc);
      assertTrue(((String) r.data().get("updated_at")).endsWith("000"), "DocumentDB dates are milliseconds");
      canonical |= doc.contains("{\"$date\":{\"$numberLong\":");
      relaxed |= doc.contains("{\"$date\":\"");
    }
    assertTrue(canonical && relaxed, "both extended-JSON forms are sent");
  }

  @Test
  void relationalRecordsAreUnchangedDmsJson() throws IOException {
    SyntheticTable table = new SyntheticTable("payments", "orders", 20);
    RecordDecoder decoder = decoder(table);
    for (DmsRecord r : stream(table)) {
      DecodedRecord d = decoder.decode(SourceRecords.toJson(table, r).getBytes(StandardCharsets.UTF_8));
      assertEquals(DecodedRecord.Kind.DATA, d.kind(), String.valueOf(d.detail()));
      assertEquals(String.valueOf(r.data().get("id")), d.data().get("id"));
    }
  }
}
