package io.cdclake.common.dms.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A generated change as the stream carries it from its table's database: DMS JSON for a relational table; a
 * Kinesis Data Streams for DynamoDB change record (typed attribute values) for a DynamoDB table; DMS JSON in
 * document mode ({@code _id} and the document as {@code _doc}, in MongoDB extended JSON) for a DocumentDB
 * collection.
 *
 * <p>A pure function of the record: the same change written twice is the same line, so a duplicate delivery is a
 * byte-identical redelivery. DocumentDB documents alternate, by key, between relaxed extended JSON (plain numbers,
 * ISO dates) and canonical (every number and date wrapped), since DMS and applications write both.
 */
public final class SourceRecords {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter SOURCE_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private SourceRecords() {}

  /** The record's wire text for the stream. */
  public static String toJson(SyntheticTable table, DmsRecord r) {
    return switch (table.database()) {
      case RELATIONAL -> DmsJson.toJson(r);
      case DOCUMENTDB -> DmsJson.toJson(documentRecord(r));
      case DYNAMODB -> dynamoDbJson(table, r);
    };
  }

  /** The 24-hex-digit ObjectId a DocumentDB document of synthetic key {@code key} has as {@code _id}. */
  public static String objectId(long key) {
    return String.format("%024x", key);
  }

  // ---- DocumentDB: DMS document mode ----

  private static DmsRecord documentRecord(DmsRecord r) {
    long key = ((Number) r.data().get(SyntheticTable.KEY)).longValue();
    boolean canonical = key % 2 == 1;
    Map<String, Object> doc = new LinkedHashMap<>();
    r.data().forEach((name, value) -> {
      if (!name.equals(ChangeStreamGenerator.CHANGE_SEQ_COLUMN)) {
        doc.put(name, extendedJson(name, value, canonical));
      }
    });
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("_id", Map.of("$oid", objectId(key)));
    data.put("_doc", doc);
    // DMS sends no before-image for DocumentDB.
    return new DmsRecord(data, Optional.empty(), r.recordType(), r.operation(), r.schemaName(), r.tableName(),
        r.timestamp(), r.transaction());
  }

  private static Object extendedJson(String name, Object value, boolean canonical) {
    if (value == null) {
      return null;
    }
    if (SyntheticTable.DECIMAL_COLUMNS.contains(name)) {
      return Map.of("$numberDecimal", value.toString());
    }
    if (name.equals("updated_at")) {
      Instant t = sourceTime(value.toString());
      return canonical ? Map.of("$date", Map.of("$numberLong", Long.toString(t.toEpochMilli())))
          : Map.of("$date", t.truncatedTo(ChronoUnit.MILLIS).toString());
    }
    if (canonical && value instanceof Integer i) {
      return Map.of("$numberInt", i.toString());
    }
    if (canonical && value instanceof Long l) {
      return Map.of("$numberLong", l.toString());
    }
    return value;
  }

  private static Instant sourceTime(String text) {
    return LocalDateTime.parse(text, SOURCE_TS).toInstant(ZoneOffset.UTC);
  }

  // ---- DynamoDB: Kinesis Data Streams for DynamoDB ----

  private static String dynamoDbJson(SyntheticTable table, DmsRecord r) {
    String eventName = switch (r.operation()) {
      case INSERT -> "INSERT";
      case UPDATE -> "MODIFY";
      case DELETE -> "REMOVE";
      default -> throw new IllegalArgumentException("a DynamoDB stream has no " + r.operation().wireName()
          + " records (table " + table.sourceId() + ")");
    };
    Instant created = r.transaction().map(DmsRecord.Transaction::commitTimestamp).orElse(r.timestamp());
    String dmsJson = DmsJson.toJson(r);
    ObjectNode root = MAPPER.createObjectNode();
    root.put("awsRegion", "eu-west-1");
    // Derived from the change itself, so a redelivery carries the same id, as DynamoDB's do.
    root.put("eventID", UUID.nameUUIDFromBytes(dmsJson.getBytes(StandardCharsets.UTF_8)).toString()
        .replace("-", ""));
    root.put("eventName", eventName);
    root.putNull("userIdentity");
    root.put("recordFormat", "application/json");
    root.put("tableName", table.table());
    ObjectNode ddb = root.putObject("dynamodb");
    ddb.put("ApproximateCreationDateTime", ChronoUnit.MICROS.between(Instant.EPOCH, created));
    ddb.put("ApproximateCreationDateTimePrecision", "MICROSECOND");
    ddb.putObject("Keys").set(SyntheticTable.KEY, attribute(SyntheticTable.KEY, r.data().get(SyntheticTable.KEY)));
    if (r.operation() == DmsOperation.DELETE) {
      ddb.set("OldImage", image(r.data()));
    } else {
      ddb.set("NewImage", image(r.data()));
      r.beforeImage().ifPresent(b -> ddb.set("OldImage", image(b)));
    }
    ddb.put("SizeBytes", dmsJson.length());
    root.put("eventSource", "aws:dynamodb");
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize DynamoDB record", e);
    }
  }

  private static ObjectNode image(Map<String, Object> values) {
    ObjectNode image = MAPPER.createObjectNode();
    values.forEach((name, value) -> {
      if (!name.equals(ChangeStreamGenerator.CHANGE_SEQ_COLUMN)) {
        image.set(name, attribute(name, value));
      }
    });
    return image;
  }

  private static ObjectNode attribute(String name, Object value) {
    ObjectNode a = MAPPER.createObjectNode();
    if (value == null) {
      a.put("NULL", true);
    } else if (value instanceof Number || SyntheticTable.DECIMAL_COLUMNS.contains(name)) {
      a.put("N", value.toString());
    } else if (value instanceof Boolean b) {
      a.put("BOOL", b);
    } else {
      a.put("S", value.toString());
    }
    return a;
  }
}
