package io.cdclake.catalog.model;

import java.util.Map;

/**
 * How a Hive-compatible reader finds and decodes the files of a table: the storage descriptor's formats and SerDe.
 */
public record StorageFormat(
    String inputFormat, String outputFormat, String serializationLibrary, Map<String, String> serdeParameters) {

  static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

  /**
   * The manifest lists the live Parquet files of the current Delta version; Hive reads the list through the
   * symlink input format, then each file with the Parquet SerDe.
   */
  public static final StorageFormat SYMLINK_MANIFEST = new StorageFormat(
      "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat",
      "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
      PARQUET_SERDE,
      Map.of("serialization.format", "1"));

  /**
   * Athena ignores the formats of a {@code table_type = DELTA} table and reads the log; Parquet formats are what
   * Athena itself records for such tables and keep Hive-only tools from misreading the directory as text.
   */
  public static StorageFormat deltaNative(String tableLocation) {
    // The 'path' SerDe parameter is where Spark looks for the location of a data-source (provider=delta) table,
    // so EMR Spark reading through the Glue catalog resolves the same Delta table, not the raw directory.
    return new StorageFormat(
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        PARQUET_SERDE,
        Map.of("serialization.format", "1", "path", tableLocation));
  }
}
