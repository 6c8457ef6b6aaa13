package io.cdclake.common.dms.synth;

import java.util.List;

/**
 * A source table the generator invents changes for: a {@code bigint} key and a fixed set of value columns
 * that cover the types the pipeline must carry exactly (decimal, int, string, timestamp).
 *
 * @param schema     source schema name
 * @param table      source table name
 * @param keySpace   keys are drawn from {@code 1..keySpace}; small spaces make collisions (updates, deletes,
 *                   re-inserts) frequent
 */
public record SyntheticTable(String schema, String table, int keySpace) {
  public static final String KEY = "id";
  public static final List<String> VALUE_COLUMNS = List.of("amount", "status", "counter", "updated_at");

  public SyntheticTable {
    if (keySpace < 1) {
      throw new IllegalArgumentException("keySpace must be at least 1, was " + keySpace);
    }
  }

  /** A data contract for this table, in the format of {@code conf/contracts/*.json}. */
  public String contractJson(String curatedTable, String deleteMode, String historyMode) {
    return """
        {
          "source": { "schema": "%s", "table": "%s" },
          "primaryKey": ["id"],
          "curated": { "table": "%s", "deleteMode": "%s", "historyMode": "%s" },
          "columns": [
            { "name": "id", "type": "bigint" },
            { "name": "amount", "type": "decimal(12,2)" },
            { "name": "status", "type": "string" },
            { "name": "counter", "type": "int" },
            { "name": "updated_at", "type": "timestamp" }
          ],
          "owner": "synthetic",
          "description": "generated"
        }
        """.formatted(schema, table, curatedTable, deleteMode, historyMode);
  }
}
