package io.cdclake.common.dms.synth;

import io.cdclake.common.config.SourceDatabase;
import java.util.List;
import java.util.Objects;

/**
 * A source table the generator invents changes for: a {@code bigint} key and a fixed set of value columns
 * that cover the types the pipeline must carry exactly (decimal, int, string, timestamp).
 *
 * @param schema     source schema name (a DocumentDB database; unused for DynamoDB, whose tables have no schema)
 * @param table      source table name (a DocumentDB collection, a DynamoDB table)
 * @param keySpace   keys are drawn from {@code 1..keySpace}; small spaces make collisions (updates, deletes,
 *                   re-inserts) frequent
 * @param database   which kind of database the table lives in: it decides the records' wire format
 *                   ({@link SourceRecords}) and what the generator may do (no key changes outside relational
 *                   tables, millisecond times in DocumentDB)
 */
public record SyntheticTable(String schema, String table, int keySpace, SourceDatabase database) {
  public static final String KEY = "id";
  public static final List<String> VALUE_COLUMNS = List.of("amount", "status", "counter", "updated_at");
  /** Value columns holding exact decimals (as text, the way DMS writes NUMERIC). */
  public static final List<String> DECIMAL_COLUMNS = List.of("amount");

  public SyntheticTable {
    Objects.requireNonNull(database, "database");
    if (keySpace < 1) {
      throw new IllegalArgumentException("keySpace must be at least 1, was " + keySpace);
    }
  }

  /** A relational table, replicated through DMS. */
  public SyntheticTable(String schema, String table, int keySpace) {
    this(schema, table, keySpace, SourceDatabase.RELATIONAL);
  }

  /** The routing key of its records, as {@code io.cdclake.common.config.TableContract#sourceId()} names it. */
  public String sourceId() {
    return (database == SourceDatabase.DYNAMODB ? SourceDatabase.DYNAMODB_SCHEMA : schema) + "." + table;
  }

  /** The curated key column: {@code _id} (the ObjectId's hex string) for DocumentDB, else {@link #KEY}. */
  public String keyColumn() {
    return database == SourceDatabase.DOCUMENTDB ? "_id" : KEY;
  }

  /** A data contract for this table, in the format of {@code conf/contracts/*.json}. */
  public String contractJson(String curatedTable, String deleteMode, String historyMode) {
    String source = switch (database) {
      case RELATIONAL -> "\"schema\": \"%s\", \"table\": \"%s\"".formatted(schema, table);
      case DYNAMODB -> "\"database\": \"dynamodb\", \"table\": \"%s\"".formatted(table);
      case DOCUMENTDB -> "\"database\": \"documentdb\", \"schema\": \"%s\", \"table\": \"%s\", \"mode\": \"document\""
          .formatted(schema, table);
    };
    String key = database == SourceDatabase.DOCUMENTDB ? "_id" : KEY;
    String keyType = database == SourceDatabase.DOCUMENTDB ? "string" : "bigint";
    return """
        {
          "source": { %s },
          "primaryKey": ["%s"],
          "curated": { "table": "%s", "deleteMode": "%s", "historyMode": "%s" },
          "columns": [
            { "name": "%s", "type": "%s" },
            { "name": "amount", "type": "decimal(12,2)" },
            { "name": "status", "type": "string" },
            { "name": "counter", "type": "int" },
            { "name": "updated_at", "type": "timestamp" }
          ],
          "owner": "synthetic",
          "description": "generated"
        }
        """.formatted(source, key, curatedTable, deleteMode, historyMode, key, keyType);
  }
}
