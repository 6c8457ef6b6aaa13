package io.cdclake.ingest.decode.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Unmarshals DynamoDB's typed attribute values ({@code {"N": "12.50"}}, {@code {"M": {...}}}) into the text the raw
 * zone keeps, losslessly: a string as itself, a number as its exact decimal text (never through a double), binary
 * as the base64 DynamoDB sends, a boolean as {@code true}/{@code false}, NULL as null, and a map, list or set as
 * plain JSON text (numbers as JSON numbers, binary as base64 strings), which curate reads with a column's path or
 * as a complex Spark type.
 */
public final class AttributeValues {
  /** DynamoDB's number syntax: up to 38 significant digits, written in decimal or with an exponent. */
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final JsonFactory JSON = new JsonFactory();

  private AttributeValues() {}

  /** An item image ({@code NewImage}, {@code OldImage}, {@code Keys}): attribute name to text. */
  public static Map<String, String> image(JsonNode image, String where) {
    if (image == null || !image.isObject()) {
      throw new NotAnAttributeValue(where + " is not an object of attributes");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = image.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), text(e.getValue(), e.getKey()));
    }
    return out;
  }

  /** One attribute value as text; {@code name} names it in errors. */
  public static String text(JsonNode value, String name) {
    Map.Entry<String, JsonNode> typed = typed(value, name);
    JsonNode v = typed.getValue();
    return switch (typed.getKey()) {
      case "S", "B" -> string(v, name, typed.getKey());
      case "N" -> number(v, name);
      case "BOOL" -> bool(v, name);
      case "NULL" -> {
        nullMarker(v, name);
        yield null;
      }
      case "M", "L", "SS", "NS", "BS" -> json(value, name);
      default -> throw new NotAnAttributeValue(unknownType(name, typed.getKey()));
    };
  }

  private static String json(JsonNode value, String name) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      write(value, name, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void write(JsonNode value, String name, JsonGenerator g) throws IOException {
    Map.Entry<String, JsonNode> typed = typed(value, name);
    JsonNode v = typed.getValue();
    switch (typed.getKey()) {
      case "S", "B" -> g.writeString(string(v, name, typed.getKey()));
      case "N" -> g.writeNumber(number(v, name));
      case "BOOL" -> g.writeBoolean(Boolean.parseBoolean(bool(v, name)));
      case "NULL" -> {
        nullMarker(v, name);
        g.writeNull();
      }
      case "M" -> {
        if (!v.isObject()) {
          throw new NotAnAttributeValue("attribute '" + name + "' is an M whose value is not an object");
        }
        g.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          g.writeFieldName(e.getKey());
          write(e.getValue(), name + "." + e.getKey(), g);
        }
        g.writeEndObject();
      }
      case "L" -> {
        g.writeStartArray();
        int i = 0;
        for (JsonNode item : array(v, name, "L")) {
          write(item, name + "[" + i++ + "]", g);
        }
        g.writeEndArray();
      }
      case "SS", "BS" -> {
        g.writeStartArray();
        for (JsonNode item : array(v, name, typed.getKey())) {
          g.writeString(string(item, name, typed.getKey()));
        }
        g.writeEndArray();
      }
      case "NS" -> {
        g.writeStartArray();
        for (JsonNode item : array(v, name, "NS")) {
          g.writeNumber(number(item, name));
        }
        g.writeEndArray();
      }
      default -> throw new NotAnAttributeValue(unknownType(name, typed.getKey()));
    }
  }

  /** The single {@code type: value} member of an attribute value. */
  private static Map.Entry<String, JsonNode> typed(JsonNode value, String name) {
    if (value == null || !value.isObject() || value.size() != 1) {
      throw new NotAnAttributeValue("attribute '" + name + "' is not a DynamoDB attribute value (an object with"
          + " exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS)");
    }
    return value.fields().next();
  }

  private static String string(JsonNode v, String name, String type) {
    if (!v.isTextual()) {
      throw new NotAnAttributeValue("attribute '" + name + "' is a " + type + " whose value is not a string");
    }
    return v.textValue();
  }

  private static String number(JsonNode v, String name) {
    if (!v.isTextual() || !NUMBER.matcher(v.textValue()).matches()) {
      throw new NotAnAttributeValue("attribute '" + name + "' is an N whose value is not a number in text");
    }
    return v.textValue();
  }

  private static String bool(JsonNode v, String name) {
    if (!v.isBoolean()) {
      throw new NotAnAttributeValue("attribute '" + name + "' is a BOOL whose value is not true or false");
    }
    return String.valueOf(v.booleanValue());
  }

  private static void nullMarker(JsonNode v, String name) {
    if (!v.isBoolean() || !v.booleanValue()) {
      throw new NotAnAttributeValue("attribute '" + name + "' is a NULL whose value is not true");
    }
  }

  private static JsonNode array(JsonNode v, String name, String type) {
    if (!v.isArray()) {
      throw new NotAnAttributeValue("attribute '" + name + "' is an " + type + " whose value is not an array");
    }
    return v;
  }

  private static String unknownType(String name, String type) {
    return "attribute '" + name + "' has the type '" + type + "', which is not a DynamoDB type";
  }

  /** A value that is not what DynamoDB sends; the record goes to quarantine with this message. */
  public static final class NotAnAttributeValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotAnAttributeValue(String message) {
      super(message, null, false, false);
    }
  }
}
