package io.cdclake.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${env:NAME}} and {@code ${env:NAME:-default}} in config strings. */
class JsonFieldsTest {
  private static final JsonFields FIELDS = new JsonFields("env.json", Map.of("LAKE", "s3://lake", "EMPTY", ""));

  private static String read(String value) throws Exception {
    JsonNode node = new ObjectMapper().createObjectNode().put("v", value);
    return FIELDS.stringOr(node, "zones", "v", "<none>");
  }

  @Test
  void referencesAreReplacedInsideTextAndDefaultsApply() throws Exception {
    assertEquals("s3://lake/raw", read("${env:LAKE}/raw"));
    assertEquals("/tmp/lake/raw", read("${env:MISSING:-/tmp/lake}/raw"));
    assertEquals("s3://lake", read("${env:LAKE:-/tmp/lake}"), "a set variable wins over its default");
    assertEquals("<none>", read("${env:EMPTY}"), "a variable set to nothing leaves the setting unset");
    assertEquals("a-s3://lake-b-s3://lake", read("a-${env:LAKE}-b-${env:LAKE}"));
  }

  @Test
  void anUnsetVariableWithoutDefaultNamesItselfAndTheField() {
    ConfigException e = assertThrows(ConfigException.class, () -> read("${env:LAKE}/${env:CDC_NOPE}"));
    assertTrue(e.getMessage().contains("CDC_NOPE"), e.getMessage());
    assertTrue(e.getMessage().contains("zones.v"), e.getMessage());
    assertTrue(e.getMessage().contains("${env:CDC_NOPE:-default}"), e.getMessage());
  }
}
