package io.cdclake.common.pci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cdclake.common.config.Protection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Protects a DocumentDB document ({@code _doc} in DMS's document mode) field by field, as {@link ColumnProtection}
 * protects a record's columns: a field the contract protects is hashed, masked or dropped; an undeclared field
 * named like card data gets the same default as an undeclared column; every other value has card numbers masked,
 * leaf by leaf, so the document stays valid JSON (a card number written as a JSON number becomes a string).
 */
final class DocumentProtection {
  /** Numbers exactly as written: decimals as BigDecimal, trailing zeros kept (12.50 stays 12.50). */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

  private DocumentProtection() {}

  /**
   * @param rule a top-level field's protection: empty for a declared, unprotected field (kept as sent), null for
   *             an undeclared field without a default (scrubbed)
   * @return the protected document, or the text scrubbed when it is not a JSON object
   */
  static String protect(String document, Function<String, Optional<Protection>> rule,
      Function<Protection, Function<String, String>> protector) {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      return PanScrubber.scrub(document);
    }
    if (!(root instanceof ObjectNode doc)) {
      return PanScrubber.scrub(document);
    }
    ObjectNode out = JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> field : iterable(doc)) {
      Optional<Protection> p = rule.apply(field.getKey());
      JsonNode value = field.getValue();
      if (p == null) {
        out.set(PanScrubber.scrubName(field.getKey()), scrubbed(value));
      } else if (p.isEmpty() || value.isNull()) {
        out.set(field.getKey(), value);
      } else if (p.get() != Protection.DROP) {
        out.set(field.getKey(), TextNode.valueOf(protector.apply(p.get()).apply(text(value))));
      }
    }
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a protected document back", e);
    }
  }

  private static String text(JsonNode value) {
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static JsonNode scrubbed(JsonNode value) {
    if (value instanceof ObjectNode o) {
      ObjectNode out = JSON.createObjectNode();
      iterable(o).forEach(e -> out.set(PanScrubber.scrubName(e.getKey()), scrubbed(e.getValue())));
      return out;
    }
    if (value instanceof ArrayNode a) {
      ArrayNode out = JSON.createArrayNode();
      a.forEach(item -> out.add(scrubbed(item)));
      return out;
    }
    if (value.isTextual() || value.isNumber()) {
      String text = value.asText();
      String clean = PanScrubber.scrub(text);
      return clean.equals(text) ? value : TextNode.valueOf(clean);
    }
    return value;
  }

  private static List<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    node.fields().forEachRemaining(out::add);
    return out;
  }
}
