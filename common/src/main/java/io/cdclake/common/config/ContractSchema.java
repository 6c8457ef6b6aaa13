package io.cdclake.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The structure of a data contract (keys, types, allowed values, required fields, the card-data naming rules) as
 * {@code conf/contract.schema.json} states it. The build packages that file into this jar, so editors, reviewers
 * and jobs all go by one copy. Each violation is told in the loader's terms: the field's path as the loader
 * names it ({@code columns[2].protect}) and what the field may hold.
 */
final class ContractSchema {
  private static final JsonNode DOCUMENT = read("contract.schema.json");
  private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
      .getSchema(DOCUMENT);

  private ContractSchema() {}

  /** Fails naming every violation in {@code contract}, read from {@code file}. */
  static void validate(String file, JsonNode contract) {
    List<String> problems = SCHEMA.validate(contract).stream().map(ContractSchema::describe).distinct().toList();
    if (!problems.isEmpty()) {
      throw ConfigException.of(file, problems);
    }
  }

  private static String describe(Error e) {
    return ConfigException.fieldProblem(field(e), problem(e) + reason(e));
  }

  /** The instance path in the loader's notation; a missing or unknown key is named itself, not its object. */
  private static String field(Error e) {
    StringBuilder path = new StringBuilder();
    NodePath at = e.getInstanceLocation();
    for (int i = 0; i < at.getNameCount(); i++) {
      Object element = at.getElement(i);
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(element);
      }
    }
    if (e.getProperty() != null) {
      path.append(path.length() == 0 ? "" : ".").append(e.getProperty());
    }
    return path.length() == 0 ? "(root)" : path.toString();
  }

  private static String problem(Error e) {
    JsonNode value = e.getInstanceNode();
    return switch (e.getKeyword()) {
      case "additionalProperties" -> "is not a data-contract field; allowed here: " + keysBeside(e)
          + " (a misspelt key would otherwise be ignored and its default used)";
      case "required" -> "is required";
      case "type" -> "must be of type " + e.getArguments()[1] + ", found " + e.getArguments()[0];
      case "enum" -> "is " + shown(value) + ", expected one of " + texts(e.getSchemaNode());
      case "const" -> "is " + shown(value) + ", but must be " + shown(e.getSchemaNode());
      case "pattern" -> "is " + shown(value) + ", which does not match " + e.getSchemaNode().asText();
      case "uniqueItems" -> "lists an entry twice: " + value;
      default -> e.getMessage();
    };
  }

  /** A conditional rule (the card-data ones) says in its description why the field is needed. */
  private static String reason(Error e) {
    List<String> keywords = schemaPath(e);
    int then = keywords.indexOf("then");
    if (then < 0) {
      return "";
    }
    JsonNode rule = DOCUMENT.at(pointer(keywords.subList(0, then)));
    return rule.hasNonNull("description") ? " (" + rule.get("description").asText() + ")" : "";
  }

  /** The keys the schema object holding the failed {@code additionalProperties} lists. */
  private static TreeSet<String> keysBeside(Error e) {
    List<String> keywords = schemaPath(e);
    TreeSet<String> keys = new TreeSet<>();
    DOCUMENT.at(pointer(keywords.subList(0, keywords.size() - 1)) + "/properties").fieldNames()
        .forEachRemaining(keys::add);
    return keys;
  }

  private static List<String> schemaPath(Error e) {
    NodePath fragment = e.getSchemaLocation().getFragment();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < fragment.getNameCount(); i++) {
      names.add(fragment.getName(i));
    }
    return names;
  }

  private static String pointer(List<String> names) {
    return names.isEmpty() ? "" : "/" + String.join("/", names);
  }

  private static String shown(JsonNode value) {
    return value.isTextual() ? "'" + value.asText() + "'" : String.valueOf(value);
  }

  private static String texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out.toString();
  }

  private static JsonNode read(String resource) {
    try (InputStream in = ContractSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing beside " + ContractSchema.class.getName()
            + "; the build copies it from conf/");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packaged " + resource, e);
    }
  }
}
