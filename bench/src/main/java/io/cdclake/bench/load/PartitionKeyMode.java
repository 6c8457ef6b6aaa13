package io.cdclake.bench.load;

import java.util.Locale;

/** How the DMS Kinesis endpoint picks partition keys ({@code PartitionIncludeSchemaTable} and friends). */
public enum PartitionKeyMode {
  /** {@code schema.table}: every record of a table on one shard, so table order is stream order. */
  SCHEMA_TABLE,
  /** The primary-key value (DMS's default): spreads a hot table over shards, keeps order per key. */
  PRIMARY_KEY,
  /** {@code schema.table.key} ({@code PartitionIncludeSchemaTable}): as primary-key, but equal keys of different
   * tables no longer share a shard. */
  SCHEMA_TABLE_PRIMARY_KEY;

  public String keyFor(String schema, String table, Object primaryKey) {
    return switch (this) {
      case SCHEMA_TABLE -> schema + "." + table;
      case PRIMARY_KEY -> String.valueOf(primaryKey);
      case SCHEMA_TABLE_PRIMARY_KEY -> schema + "." + table + "." + primaryKey;
    };
  }

  /** Parses {@code schema-table}, {@code primary-key} or {@code schema-table-primary-key}. */
  public static PartitionKeyMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown partition key mode '" + text
          + "'; expected schema-table, primary-key or schema-table-primary-key");
    }
  }
}
