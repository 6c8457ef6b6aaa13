package io.cdclake.ingest.write;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class BatchMarkerTest {
  private static void append(SparkSession spark, String path, java.util.Map<String, String> options) {
    Dataset<Row> rows = spark.range(2).toDF();
    rows.write().format("delta").mode("append").options(options).save(path);
  }

  @Test
  void onlyTheLatestIngestCommitCountsAndOtherWritersAreLookedPast() {
    SparkSession spark = SharedSpark.get();
    String path = SharedSpark.newDir("marker-").resolve("t").toString();
    BatchMarker b7 = new BatchMarker("query-a", 7);
    BatchMarker b8 = new BatchMarker("query-a", 8);
    assertFalse(b7.committed(spark, path), "no table yet");

    append(spark, path, b7.writeOptions());
    assertTrue(b7.committed(spark, path));
    assertFalse(b8.committed(spark, path));
    assertFalse(new BatchMarker("query-b", 7).committed(spark, path), "another query's batch 7 is another batch");

    // Commits of other writers (no marker) beyond the first window do not hide the latest ingest commit.
    for (int i = 0; i < BatchMarker.FIRST_WINDOW + 2; i++) {
      append(spark, path, java.util.Map.of());
    }
    assertTrue(b7.committed(spark, path));

    append(spark, path, b8.writeOptions());
    assertFalse(b7.committed(spark, path), "only the latest ingest commit can be a replayed batch's");
    assertTrue(b8.committed(spark, path));
  }
}
