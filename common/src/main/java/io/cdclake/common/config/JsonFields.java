package io.cdclake.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.StringSubstitutor;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, validating reads from a JSON config node. Every failure names the file and the dotted field path, so
 * that a bad deployment fails at start with a message that says exactly what to fix.
 *
 * <p>String values may reference environment variables as {@code ${env:NAME}} or {@code ${env:NAME:-default}},
 * which keeps account-specific values (stream ARNs, buckets) out of the repository without templating.
 */
final class JsonFields {
  private static final String ENV_PREFIX = "${env:";

  private final String file;
  private final Map<String, String> env;

  JsonFields(String file, Map<String, String> env) {
    this.file = file;
    this.env = env;
  }

  String file() {
    return file;
  }

  JsonNode object(JsonNode parent, String path, String name) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw new ConfigException(file, join(path, name), "is required (an object)");
    }
    if (!node.isObject()) {
      throw new ConfigException(file, join(path, name), "must be an object, found " + node.getNodeType());
    }
    return node;
  }

  Optional<JsonNode> optionalObject(JsonNode parent, String path, String name) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(object(parent, path, name));
  }

  String string(JsonNode parent, String path, String name) {
    return optionalString(parent, path, name)
        .orElseThrow(() -> new ConfigException(file, join(path, name), "is required (a non-empty string)"));
  }

  Optional<String> optionalString(JsonNode parent, String path, String name) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw new ConfigException(file, join(path, name), "must be a string, found " + node.getNodeType());
    }
    String value = resolveEnv(node.asText(), join(path, name)).trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  String stringOr(JsonNode parent, String path, String name, String fallback) {
    return optionalString(parent, path, name).orElse(fallback);
  }

  int positiveInt(JsonNode parent, String path, String name, int fallback) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
      throw new ConfigException(file, join(path, name), "must be a positive whole number, found " + node);
    }
    return node.asInt();
  }

  boolean bool(JsonNode parent, String path, String name, boolean fallback) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw new ConfigException(file, join(path, name), "must be true or false, found " + node);
    }
    return node.asBoolean();
  }

  List<String> strings(JsonNode parent, String path, String name, boolean required) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        throw new ConfigException(file, join(path, name), "is required (a non-empty list of strings)");
      }
      return List.of();
    }
    if (!node.isArray()) {
      throw new ConfigException(file, join(path, name), "must be a list of strings, found " + node.getNodeType());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual() || item.asText().isBlank()) {
        throw new ConfigException(file, join(path, name) + "[" + i + "]", "must be a non-empty string");
      }
      out.add(item.asText().trim());
    }
    if (required && out.isEmpty()) {
      throw new ConfigException(file, join(path, name), "must list at least one entry");
    }
    return out;
  }

  <E extends Enum<E>> E enumValue(JsonNode parent, String path, String name, Class<E> type, E fallback) {
    Optional<String> raw = optionalString(parent, path, name);
    if (raw.isEmpty()) {
      if (fallback == null) {
        throw new ConfigException(file, join(path, name), "is required, one of " + choices(type));
      }
      return fallback;
    }
    String normalized = raw.get().trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(normalized)) {
        return constant;
      }
    }
    throw new ConfigException(file, join(path, name), "is '" + raw.get() + "', expected one of " + choices(type));
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static <E extends Enum<E>> String choices(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return names.toString();
  }

  private String resolveEnv(String value, String field) {
    List<String> missing = new ArrayList<>();
    StringSubstitutor substitutor = new StringSubstitutor(name -> {
      String resolved = env.get(name);
      if (resolved == null) {
        missing.add(name);
      }
      return resolved;
    }, ENV_PREFIX, "}", StringSubstitutor.DEFAULT_ESCAPE);
    substitutor.setValueDelimiter(":-");
    substitutor.setEnableUndefinedVariableException(true);
    try {
      return substitutor.replace(value);
    } catch (IllegalArgumentException e) {
      String name = missing.isEmpty() ? "?" : missing.get(missing.size() - 1);
      throw new ConfigException(file, field,
          "references environment variable " + name + ", which is not set and has no default"
              + " (set it, or write ${env:" + name + ":-default})");
    }
  }
}
