package io.cdclake.ingest.write;

import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table properties of the raw Delta table, set once per ingest run: statistics on the time columns only, and
 * no Parquet dictionary for the columns whose values are nearly all distinct. Delta hands a table's properties to
 * the Parquet writer of every write (appends, compaction) and not a writer's options, so the dictionary settings
 * live on the table; a lake created before them gets them by {@code ALTER TABLE} on the next ingest start.
 */
final class RawTableProperties {
  private static final Logger LOG = LoggerFactory.getLogger(RawTableProperties.class);
  static final String STATS_COLUMNS = "delta.dataSkippingNumIndexedCols";

  private RawTableProperties() {}

  static Map<String, String> wanted() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(STATS_COLUMNS, String.valueOf(RawSchema.STATS_COLUMNS));
    RawSchema.HIGH_CARDINALITY_PARQUET_COLUMNS.forEach(c -> p.put("parquet.enable.dictionary#" + c, "false"));
    return p;
  }

  /** Creates the raw table with its properties, or adds those an older table lacks. */
  static void ensure(SparkSession spark, String path) {
    Map<String, String> wanted = wanted();
    if (!DeltaTable.isDeltaTable(spark, path)) {
      DeltaTableBuilder b = DeltaTable.createIfNotExists(spark).location(path).addColumns(RawSchema.stored())
          .partitionedBy(RawColumns.PARTITIONS.toArray(String[]::new));
      wanted.forEach(b::property);
      b.execute();
      LOG.info("created the raw table {}", path);
      return;
    }
    Row detail = DeltaTable.forPath(spark, path).detail().first();
    Map<String, String> current = detail.getJavaMap(detail.fieldIndex("properties"));
    Map<String, String> missing = new LinkedHashMap<>();
    wanted.forEach((k, v) -> {
      if (!v.equals(current.get(k))) {
        missing.put(k, v);
      }
    });
    if (!missing.isEmpty()) {
      String set = missing.entrySet().stream().map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
          .collect(Collectors.joining(", "));
      spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` SET TBLPROPERTIES (" + set + ")");
      LOG.info("set table properties of the raw table {}: {}", path, missing);
    }
  }
}
