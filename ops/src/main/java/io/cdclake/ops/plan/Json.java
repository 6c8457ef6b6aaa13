package io.cdclake.ops.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON mapper provisioning uses for the documents it sends to AWS and for the states it compares. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses a JSON document AWS returned; {@code what} names it in the error. Blank text parses as {@code {}}. */
  public static ObjectNode parseObject(String text, String what) {
    if (text == null || text.isBlank()) {
      return object();
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      if (!node.isObject()) {
        throw new IllegalStateException(what + " is not a JSON object: " + node.getNodeType());
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Compact JSON, as AWS APIs take documents. */
  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
