package io.cdclake.common.dms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and reads the DMS JSON message format on the JVM. Timestamps are written the way DMS writes them:
 * ISO-8601 UTC with microseconds ({@code 2024-03-01T10:15:30.123456Z}).
 */
public final class DmsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private DmsJson() {}

  public static String formatTimestamp(Instant instant) {
    return TS.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  /** One record as a single line (JSON_UNFORMATTED), the form the {@code files} source reads. */
  public static String toJson(DmsRecord r) {
    ObjectNode root = MAPPER.createObjectNode();
    if (r.recordType() == RecordType.DATA) {
      root.set(DmsFields.DATA, MAPPER.valueToTree(r.data()));
    }
    r.beforeImage().ifPresent(b -> root.set(DmsFields.BEFORE_IMAGE, MAPPER.valueToTree(b)));
    ObjectNode md = root.putObject(DmsFields.METADATA);
    md.put(DmsFields.TIMESTAMP, formatTimestamp(r.timestamp()));
    md.put(DmsFields.RECORD_TYPE, r.recordType().wireName());
    md.put(DmsFields.OPERATION, r.operation().wireName());
    md.put(DmsFields.PARTITION_KEY_TYPE, r.recordType() == RecordType.DATA ? "schema-table" : "task-id");
    md.put(DmsFields.SCHEMA_NAME, r.schemaName());
    md.put(DmsFields.TABLE_NAME, r.tableName());
    r.transaction().ifPresent(tx -> {
      md.put(DmsFields.TRANSACTION_ID, tx.transactionId());
      tx.previousTransactionId().ifPresent(p -> md.put(DmsFields.PREVIOUS_TRANSACTION_ID, p));
      md.put(DmsFields.TRANSACTION_RECORD_ID, tx.transactionRecordId());
      md.put(DmsFields.COMMIT_TIMESTAMP, formatTimestamp(tx.commitTimestamp()));
      tx.streamPosition().ifPresent(p -> md.put(DmsFields.STREAM_POSITION, p));
    });
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize DMS record", e);
    }
  }

  /**
   * Parses one DMS message.
   *
   * @throws IllegalArgumentException naming what is wrong, when the text is not a DMS message
   */
  public static DmsRecord parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode md = root.get(DmsFields.METADATA);
    if (md == null || !md.isObject()) {
      throw new IllegalArgumentException("no 'metadata' object");
    }
    RecordType type = RecordType.fromWire(md.path(DmsFields.RECORD_TYPE).asText(null))
        .orElseThrow(() -> new IllegalArgumentException("unknown record-type " + md.get(DmsFields.RECORD_TYPE)));
    DmsOperation op = DmsOperation.fromWire(md.path(DmsFields.OPERATION).asText(null))
        .orElseThrow(() -> new IllegalArgumentException("unknown operation " + md.get(DmsFields.OPERATION)));
    Instant ts = Instant.parse(md.path(DmsFields.TIMESTAMP).asText());
    Map<String, Object> data = toMap(root.get(DmsFields.DATA));
    Optional<Map<String, Object>> before = Optional.ofNullable(root.get(DmsFields.BEFORE_IMAGE))
        .filter(JsonNode::isObject).map(DmsJson::toMap);
    Optional<DmsRecord.Transaction> tx = Optional.empty();
    if (md.hasNonNull(DmsFields.TRANSACTION_ID) && md.hasNonNull(DmsFields.COMMIT_TIMESTAMP)) {
      tx = Optional.of(new DmsRecord.Transaction(
          md.get(DmsFields.TRANSACTION_ID).asText(),
          Optional.ofNullable(md.get(DmsFields.PREVIOUS_TRANSACTION_ID)).map(JsonNode::asText),
          md.path(DmsFields.TRANSACTION_RECORD_ID).asLong(0),
          Instant.parse(md.get(DmsFields.COMMIT_TIMESTAMP).asText()),
          Optional.ofNullable(md.get(DmsFields.STREAM_POSITION)).map(JsonNode::asText)));
    }
    return new DmsRecord(data, before, type, op, md.path(DmsFields.SCHEMA_NAME).asText(""),
        md.path(DmsFields.TABLE_NAME).asText(""), ts, tx);
  }

  private static Map<String, Object> toMap(JsonNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (node == null || !node.isObject()) {
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      JsonNode v = e.getValue();
      Object value;
      if (v.isNull()) {
        value = null;
      } else if (v.isIntegralNumber()) {
        value = v.bigIntegerValue().bitLength() < 64 ? (Object) v.asLong() : v.bigIntegerValue();
      } else if (v.isNumber()) {
        value = v.decimalValue();
      } else if (v.isBoolean()) {
        value = v.asBoolean();
      } else if (v.isTextual()) {
        value = v.asText();
      } else {
        value = v.toString();
      }
      out.put(e.getKey(), value);
    }
    return out;
  }
}
