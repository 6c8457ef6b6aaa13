package io.cdclake.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The keys a data contract may use, per JSON object. {@link ConfigLoader} rejects any other key, because a
 * misspelt optional key (say {@code "protection"} for {@code "protect"}) would otherwise fall back to its
 * default silently, and for a card-number column that default is "stored in clear".
 *
 * <p>{@code conf/contract.schema.json} documents the same keys; a test in the ops module fails when the two
 * disagree.
 */
public final class ContractFields {
  /** Object paths as used in error messages: {@code ""} is the root, {@code "columns[]"} every column entry. */
  public static final String ROOT = "";
  public static final String SOURCE = "source";
  public static final String CURATED = "curated";
  public static final String COLUMN = "columns[]";

  /**
   * Allowed keys per object. {@code $schema} and {@code $comment} are accepted at the root so that editors can
   * validate a contract against the JSON Schema and authors can leave notes.
   */
  public static final Map<String, Set<String>> ALLOWED = allowed();

  private ContractFields() {}

  private static Map<String, Set<String>> allowed() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put(ROOT, Set.of("$schema", "$comment", "source", "primaryKey", "curated", "columns", "owner", "description"));
    m.put(SOURCE, Set.of("schema", "table"));
    m.put(CURATED, Set.of(
        "table", "partitionBy", "deleteMode", "historyMode", "deletionVectors", "catalogFormat"));
    m.put(COLUMN, Set.of("name", "type", "protect"));
    return Map.copyOf(m);
  }
}
