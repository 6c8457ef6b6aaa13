package io.cdclake.ingest.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.common.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class RawTablePropertiesTest {
  private static final Set<Encoding> DICTIONARY = Set.of(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);

  @Test
  void ingestWritesTheNearlyUniqueColumnsWithoutADictionary() throws IOException {
    SparkSession spark = SharedSpark.get();
    RawZoneWriterReplayTest.Lake lake = RawZoneWriterReplayTest.lake();
    spark.sparkContext().setLocalProperty("sql.streaming.queryId", "query-dict");
    try {
      lake.writer(counts -> { }).call(RawZoneWriterReplayTest.batch(spark, 1, 3), 0L);
    } finally {
      spark.sparkContext().setLocalProperty("sql.streaming.queryId", null);
    }
    Map<String, Set<Encoding>> encodings = encodings(Path.of(lake.paths().rawChanges()));
    // Three rows: a dictionary always pays off when allowed, so an encoding without one is the property's doing.
    for (String column : RawSchema.HIGH_CARDINALITY_PARQUET_COLUMNS) {
      assertTrue(encodings.containsKey(column), column + " in " + encodings.keySet());
      assertTrue(encodings.get(column).stream().noneMatch(DICTIONARY::contains), column + ": " + encodings.get(column));
    }
    String keys = RawColumns.DATA + ".key_value.key";
    assertTrue(encodings.get(keys).stream().anyMatch(DICTIONARY::contains), "map keys keep a dictionary");
  }

  @Test
  void aRawTableOfAnOlderLakeGetsThePropertiesItLacks() {
    SparkSession spark = SharedSpark.get();
    String path = SharedSpark.newDir("raw-props-").resolve("changes").toString();
    spark.createDataFrame(List.<Row>of(), RawSchema.stored()).write().format("delta")
        .partitionBy(RawColumns.PARTITIONS.toArray(String[]::new)).save(path);
    assertFalse(properties(spark, path).containsKey(RawTableProperties.STATS_COLUMNS));

    RawTableProperties.ensure(spark, path);
    Map<String, String> props = properties(spark, path);
    RawTableProperties.wanted().forEach((k, v) -> assertEquals(v, props.get(k), k));
    long version = DeltaTable.forPath(spark, path).history(1).first().getLong(0);
    RawTableProperties.ensure(spark, path);
    assertEquals(version, DeltaTable.forPath(spark, path).history(1).first().getLong(0),
        "nothing to change: no commit");
  }

  private static Map<String, String> properties(SparkSession spark, String path) {
    Row detail = DeltaTable.forPath(spark, path).detail().first();
    return detail.getJavaMap(detail.fieldIndex("properties"));
  }

  /** Parquet column path -> every encoding its chunks use, over the table's data files. */
  private static Map<String, Set<Encoding>> encodings(Path table) throws IOException {
    Map<String, Set<Encoding>> out = new HashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(table)) {
      files = walk.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).toList();
    }
    assertFalse(files.isEmpty(), "data files under " + table);
    for (Path f : files) {
      try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
          new org.apache.hadoop.fs.Path(f.toString()), new Configuration()))) {
        for (var block : r.getFooter().getBlocks()) {
          for (ColumnChunkMetaData c : block.getColumns()) {
            out.computeIfAbsent(c.getPath().toDotString(), k -> new java.util.HashSet<>()).addAll(c.getEncodings());
          }
        }
      }
    }
    return out.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
