package io.cdclake.curate.merge;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cdclake.common.testing.SharedSpark;
import io.cdclake.curate.change.ChangeColumns;
import io.cdclake.curate.schema.CuratedColumns;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TombstonesTest {
  @TempDir
  Path dir;

  /**
   * The deletes a merge records are the ones it classified before it committed. A cached classification is
   * re-planned by the cache manager once a commit changes the table it reads, so reading it after the MERGE would
   * classify again against the merged table; {@link Tombstones#take} keeps what the classification said.
   */
  @Test
  void takenDeletesStayAsClassifiedAfterTheTableTheyWereReadFromChanges() {
    SparkSession spark = SharedSpark.get();
    String table = dir.resolve("table").toString();
    spark.range(1, 11).select(col("id"), col("id").cast("string").as(CuratedColumns.SEQUENCE),
            lit(java.sql.Timestamp.valueOf("2024-01-01 00:00:00")).as(ChangeColumns.TIME))
        .write().format("delta").save(table);
    // Stands for a classification that reads the table, cached as the merges cache theirs.
    Dataset<Row> classified = spark.read().format("delta").load(table).where(col("id").leq(4))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      classified.count();
      Dataset<Row> taken = new Tombstones(spark, dir.resolve("tombstones").toString(), List.of("id")).take(classified);
      try {
        // Stands for the MERGE: a commit to the table the classification read.
        DeltaTable.forPath(spark, table).delete(col("id").leq(2));

        assertEquals(2, classified.count(), "the premise: the cached classification now reads the merged table");
        assertEquals(List.of(1L, 2L, 3L, 4L), taken.orderBy("id").select("id").as(
            org.apache.spark.sql.Encoders.LONG()).collectAsList());
      } finally {
        taken.unpersist();
      }
    } finally {
      classified.unpersist();
    }
  }
}
