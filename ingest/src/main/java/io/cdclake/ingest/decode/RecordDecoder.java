package io.cdclake.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsFields;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.RecordType;
import io.cdclake.common.pci.ColumnProtection;
import io.cdclake.common.pci.PanScrubber;
import io.cdclake.ingest.decode.dynamodb.DynamoDbChange;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one message of the shared stream into a {@link DecodedRecord}. A message is recognised by what it is: a
 * DMS record (relational and DocumentDB tables) by its {@code metadata} object, a DynamoDB change record by its
 * {@code dynamodb} object and {@code eventSource} ({@link DynamoDbChange}); anything else, or a message that is
 * both, goes to quarantine. It then routes it (data of a configured table, control, or
 * quarantine with a reason), keeps every value of {@code data} and {@code before-image} as the exact text that was
 * sent (numbers digit for digit, nested objects as JSON text), and protects card data before anything leaves the
 * function. Never throws: whatever a record holds, the records beside it go on.
 *
 * <p>Stricter than a lenient JSON reader, because a lenient reading silently changes data: a key given twice, a
 * second object or garbage after the first, bytes that are not UTF-8 and unpaired surrogates are all reasons to
 * quarantine. Serializable; it runs on the executors.
 */
public final class RecordDecoder implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Deeper than any row image DMS produces (a JSON column nests at most as deep as its document). */
  static final int MAX_DEPTH = 500;
  /** The top-level object of a DynamoDB change record. */
  private static final String DYNAMODB = "dynamodb";
  /** Writes nested values back as JSON text; a factory is thread-safe and costly to build, so one serves all. */
  private static final JsonFactory GENERATORS = new JsonFactory();

  private final HashSet<String> configured = new HashSet<>();
  private final ColumnProtection protection;
  private transient JsonFactory factory;

  public RecordDecoder(Collection<TableContract> tables, ColumnProtection protection) {
    tables.forEach(t -> configured.add(t.sourceId()));
    this.protection = protection;
  }

  private JsonFactory factory() {
    if (factory == null) {
      JsonFactory built = JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_DEPTH)
              .maxStringLength(Integer.MAX_VALUE)
              .maxNumberLength(100_000)
              .build())
          .build();
      // The codec lets the parser read a DynamoDB record's 'dynamodb' object as a tree, with the same limits and
      // duplicate-key detection as the rest of the record; decimals stay exact.
      new ObjectMapper(built).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
      factory = built;
    }
    return factory;
  }

  /** Decodes the UTF-8 bytes of one record. */
  public DecodedRecord decode(byte[] value) {
    if (value == null) {
      return DecodedRecord.quarantine(QuarantineReason.MALFORMED_JSON, "an empty record");
    }
    try {
      String notUtf8 = notUtf8(value);
      if (notUtf8 != null) {
        return DecodedRecord.quarantine(QuarantineReason.INVALID_TEXT, notUtf8);
      }
      return route(parse(value));
    } catch (DuplicateKey e) {
      return DecodedRecord.quarantine(QuarantineReason.DUPLICATE_KEY, e.getMessage());
    } catch (InvalidText e) {
      return DecodedRecord.quarantine(QuarantineReason.INVALID_TEXT, e.getMessage());
    } catch (Malformed e) {
      return DecodedRecord.quarantine(QuarantineReason.MALFORMED_JSON, e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      return DecodedRecord.quarantine(QuarantineReason.DECODE_ERROR, "the decoder failed on this record ("
          + e.getClass().getSimpleName() + "); report it as a defect and replay the record after the fix");
    }
  }

  /**
   * Why {@code b} is not UTF-8 JSON text, or null. Jackson's byte reader is lenient where it matters here: it
   * decodes overlong forms ({@code C0 AF} as '/', {@code C0 80} as NUL), so the stored text would differ from the
   * bytes sent, and it detects UTF-16 and UTF-32 from zero bytes and reads such a record as if it were valid. So
   * the bytes are checked first against RFC 3629 (shortest forms only, no encoded surrogates, nothing above
   * U+10FFFF); a NUL byte is refused too, as JSON text never holds one (a NUL in a value is sent escaped).
   */
  static String notUtf8(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if (c == 0) {
          return "a NUL byte: not UTF-8 JSON text (UTF-16 or UTF-32 text, or binary data)";
        }
        i++;
        continue;
      }
      int length;
      int low = 0x80;
      int high = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) {
          low = 0xA0; // shorter forms are overlong
        } else if (c == 0xED) {
          high = 0x9F; // ED A0..BF encode surrogates
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) {
          low = 0x90;
        } else if (c == 0xF4) {
          high = 0x8F; // beyond U+10FFFF
        }
      } else {
        return "not valid UTF-8 text (a byte that never starts a UTF-8 character)";
      }
      if (i + length > n) {
        return "not valid UTF-8 text (a character cut short at the end)";
      }
      int second = b[i + 1] & 0xff;
      if (second < low || second > high) {
        return "not valid UTF-8 text (an invalid, overlong or surrogate sequence)";
      }
      for (int k = 2; k < length; k++) {
        int next = b[i + k] & 0xff;
        if (next < 0x80 || next > 0xBF) {
          return "not valid UTF-8 text (an invalid, overlong or surrogate sequence)";
        }
      }
      i += length;
    }
    return null;
  }

  /** The parsed envelope, before routing. */
  private record Envelope(Map<String, String> metadata, Map<String, String> data, boolean dataIsObject,
      Map<String, String> before, JsonNode dynamodb, Map<String, String> other) {}

  private Envelope parse(byte[] value) {
    try (JsonParser p = factory().createParser(value)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new Malformed(first == null ? "an empty record" : "not a JSON object");
      }
      Map<String, String> metadata = null;
      Map<String, String> data = null;
      boolean dataIsObject = false;
      Map<String, String> before = null;
      JsonNode dynamodb = null;
      Map<String, String> other = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = text(p.currentName());
        JsonToken t = p.nextToken();
        switch (name) {
          case DmsFields.METADATA -> metadata = t == JsonToken.START_OBJECT ? object(p) : skipNonObject(p, name);
          case DmsFields.DATA -> {
            if (t == JsonToken.START_OBJECT) {
              data = object(p);
              dataIsObject = true;
            } else if (t != JsonToken.VALUE_NULL) {
              throw new Malformed("'data' is not an object");
            }
          }
          case DmsFields.BEFORE_IMAGE -> before = t == JsonToken.START_OBJECT ? object(p) : skipNonObject(p, name);
          case DYNAMODB -> {
            if (t != JsonToken.START_OBJECT) {
              throw new Malformed("'dynamodb' is not an object");
            }
            dynamodb = p.readValueAsTree();
          }
          default -> other.put(name, valueText(p, t));
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new Malformed("not a JSON object");
      }
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new Malformed("more than one JSON value in the record (content after the first object)");
      }
      if (metadata != null && dynamodb == null) {
        // Fields DMS (or a producer) adds outside the known ones are kept, not dropped; nothing protects them as
        // columns, so card numbers in them are masked like in any free text.
        for (Map.Entry<String, String> e : other.entrySet()) {
          metadata.put(PanScrubber.scrub("@" + e.getKey()), PanScrubber.scrub(e.getValue()));
        }
      }
      return new Envelope(metadata, data, dataIsObject, before, dynamodb, other);
    } catch (JsonProcessingException e) {
      String msg = String.valueOf(e.getOriginalMessage());
      if (msg.startsWith("Duplicate field")) {
        throw new DuplicateKey("a key appears twice in one object ("
            + msg.replaceAll("'[^']*'", "'…'") + "); which value DMS meant is unknown");
      }
      if (msg.contains("UTF-8") || msg.contains("UTF8") || msg.contains("surrogate")) {
        throw new InvalidText("not valid UTF-8 text");
      }
      if (msg.contains("nesting depth") || msg.contains("Nesting depth")) {
        throw new Malformed("nested deeper than " + MAX_DEPTH + " levels");
      }
      throw new Malformed("not valid JSON (" + firstLine(msg) + ")");
    } catch (IOException e) {
      throw new Malformed("not readable as JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Map<String, String> skipNonObject(JsonParser p, String name) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    throw new Malformed("'" + name + "' is not an object");
  }

  /** An object's members as text, the parser on its START_OBJECT. */
  private static Map<String, String> object(JsonParser p) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = text(p.currentName());
      out.put(key, valueText(p, p.nextToken()));
    }
    return out;
  }

  /** The exact text of a value: strings unquoted, numbers as written, nested values as compact JSON. */
  private static String valueText(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> text(p.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
      case START_OBJECT, START_ARRAY -> nested(p);
      default -> throw new Malformed("unexpected " + t);
    };
  }

  private static String nested(JsonParser p) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = GENERATORS.createGenerator(w)) {
      copy(p, g);
    }
    return w.toString();
  }

  /** Copies the structure at the parser, numbers as their literal text (never through a double). */
  private static void copy(JsonParser p, JsonGenerator g) throws IOException {
    int depth = 0;
    JsonToken t = p.currentToken();
    do {
      switch (t) {
        case START_OBJECT -> {
          g.writeStartObject();
          depth++;
        }
        case START_ARRAY -> {
          g.writeStartArray();
          depth++;
        }
        case END_OBJECT -> {
          g.writeEndObject();
          depth--;
        }
        case END_ARRAY -> {
          g.writeEndArray();
          depth--;
        }
        case FIELD_NAME -> g.writeFieldName(text(p.currentName()));
        case VALUE_STRING -> g.writeString(text(p.getText()));
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
        case VALUE_TRUE -> g.writeBoolean(true);
        case VALUE_FALSE -> g.writeBoolean(false);
        case VALUE_NULL -> g.writeNull();
        default -> throw new Malformed("unexpected " + t);
      }
      if (depth == 0) {
        return;
      }
      t = p.nextToken();
    } while (t != null);
    throw new Malformed("truncated JSON");
  }

  /** Text that survives storage unchanged: an unpaired surrogate would be replaced by '?' when written. */
  private static String text(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new InvalidText("text with an unpaired UTF-16 surrogate (\\ud800-\\udfff escape)");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new InvalidText("text with an unpaired UTF-16 surrogate (\\ud800-\\udfff escape)");
      }
    }
    return s;
  }

  private DecodedRecord route(Envelope env) {
    Map<String, String> md = env.metadata();
    boolean dynamo = env.dynamodb() != null || DynamoDbChange.EVENT_SOURCE.equals(env.other().get("eventSource"));
    if (dynamo && md != null) {
      return DecodedRecord.quarantine(QuarantineReason.UNKNOWN_SHAPE, "both a DMS 'metadata' object and a DynamoDB"
          + " change ('dynamodb', eventSource): which of the two it is cannot be known");
    }
    if (dynamo) {
      return routeDynamoDb(DynamoDbChange.decode(env.other(), env.dynamodb()));
    }
    if (md == null) {
      return DecodedRecord.quarantine(QuarantineReason.UNKNOWN_SHAPE,
          "no 'metadata' object (a DMS record) and no 'dynamodb' object (a DynamoDB change record)");
    }
    String recordType = lower(md.get(DmsFields.RECORD_TYPE));
    String operation = lower(md.get(DmsFields.OPERATION));
    String schema = md.get(DmsFields.SCHEMA_NAME);
    String table = md.get(DmsFields.TABLE_NAME);
    String tsText = md.get(DmsFields.TIMESTAMP);
    Long ts = DmsTimestamps.micros(tsText);
    String commitText = md.get(DmsFields.COMMIT_TIMESTAMP);
    Long commit = DmsTimestamps.micros(commitText);
    String recordIdText = md.get(DmsFields.TRANSACTION_RECORD_ID);
    Long recordId = wholeNumber(recordIdText);
    boolean isData = RecordType.DATA.wireName().equals(recordType);
    boolean isControl = RecordType.CONTROL.wireName().equals(recordType);
    DmsOperation op = DmsOperation.fromWire(operation).orElse(null);
    DecodedRecord decoded = new DecodedRecord(isData ? DecodedRecord.Kind.DATA : DecodedRecord.Kind.CONTROL, null,
        null, recordType, operation, schema, table, ts, commit, md.get(DmsFields.TRANSACTION_ID),
        md.get(DmsFields.PREVIOUS_TRANSACTION_ID), recordId, md.get(DmsFields.STREAM_POSITION), md,
        null, null);

    String shape = null;
    if (!isData && !isControl) {
      shape = "metadata.record-type is " + (recordType == null ? "missing" : "not 'data' or 'control'");
    } else if (op == null) {
      shape = "metadata.operation is " + (operation == null ? "missing" : "not a DMS operation");
    } else if (isData != op.isData()) {
      shape = isData ? "a data record with a control operation" : "a control record with a data operation";
    } else if (tsText == null) {
      shape = "metadata.timestamp is missing";
    } else if (ts == null) {
      shape = "metadata.timestamp is not an ISO-8601 timestamp with a year from 0001 to 9999";
    } else if (isData && (blank(schema) || blank(table))) {
      shape = "metadata.schema-name or table-name is missing";
    } else if (isData && !env.dataIsObject()) {
      shape = "a data record without a 'data' object";
    } else if (recordIdText != null && recordId == null) {
      shape = "metadata.transaction-record-id is not a whole number";
    } else if (commitText != null && commit == null) {
      shape = "metadata.commit-timestamp is not an ISO-8601 timestamp with a year from 0001 to 9999";
    }
    if (shape != null) {
      return decoded.toQuarantine(QuarantineReason.UNKNOWN_SHAPE, shape);
    }
    if (isControl) {
      // A control record's names come from the source, and no contract vouches for them: mask card numbers.
      return new DecodedRecord(DecodedRecord.Kind.CONTROL, null, null, recordType, operation,
          PanScrubber.scrub(schema), PanScrubber.scrub(table), ts, commit, decoded.transactionId(),
          decoded.previousTransactionId(), recordId, decoded.streamPosition(), md, null, null);
    }
    return tableData(new DecodedRecord(DecodedRecord.Kind.DATA, null, null, recordType, operation, schema, table,
        ts, commit, decoded.transactionId(), decoded.previousTransactionId(), recordId, decoded.streamPosition(), md,
        env.data(), env.before()));
  }

  private DecodedRecord routeDynamoDb(DynamoDbChange.Decoded d) {
    if (d.problem() != null) {
      return DecodedRecord.quarantine(QuarantineReason.UNKNOWN_SHAPE, d.problem());
    }
    // The event id identifies the change (a duplicate delivery carries the same one): it is the transaction id of
    // the raw zone, scrubbed like every other id.
    return tableData(new DecodedRecord(DecodedRecord.Kind.DATA, null, null, d.recordType(), d.operation(),
        d.schema(), d.table(), d.creationMicros(), d.creationMicros(), PanScrubber.scrub(d.eventId()), null, null,
        null, d.metadata(), d.data(), d.before()));
  }

  /** A data record of a contracted table with its images protected, or the record quarantined as unconfigured. */
  private DecodedRecord tableData(DecodedRecord r) {
    String id = r.sourceId();
    if (!configured.contains(id)) {
      return r.toQuarantine(QuarantineReason.UNCONFIGURED_TABLE, "no data contract for table "
          + PanScrubber.scrub(id) + " (add one under conf/contracts, then replay-quarantine)");
    }
    return new DecodedRecord(r.kind(), null, null, r.recordType(), r.operation(), r.schemaName(), r.tableName(),
        r.dmsTimestampMicros(), r.commitTimestampMicros(), r.transactionId(), r.previousTransactionId(),
        r.transactionRecordId(), r.streamPosition(), r.metadata(), protection.protect(id, r.data()),
        protection.protect(id, r.beforeImage()));
  }

  private static Long wholeNumber(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String firstLine(String msg) {
    int cut = msg.indexOf('\n');
    String line = cut < 0 ? msg : msg.substring(0, cut);
    // Jackson quotes the offending token, which may be record content: keep the message, drop the content.
    line = line.replaceAll("'[^']*'", "'…'").replaceAll("\\([^)]*\\)", "");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private static final class DuplicateKey extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DuplicateKey(String message) {
      super(message, null, false, false);
    }
  }

  private static final class InvalidText extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidText(String message) {
      super(message, null, false, false);
    }
  }

  /** For tests: the set of tables routed as data. */
  Set<String> configured() {
    return Set.copyOf(configured);
  }
}
