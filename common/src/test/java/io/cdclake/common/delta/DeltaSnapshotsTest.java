package io.cdclake.common.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaSnapshotsTest {
  private final SparkSession spark = SharedSpark.get();

  /**
   * Version k of a test table, written in one commit: one row of columns id, c0..ck, partitioned by ck. Schema
   * and partitioning both differ between versions and come from different reads (time travel, detail), so a
   * snapshot mixing two versions is recognisable.
   */
  private void writeVersion(String path, int k) {
    List<String> columns = new ArrayList<>(List.of("1L AS id"));
    for (int i = 0; i <= k; i++) {
      columns.add("'v" + k + "' AS c" + i);
    }
    spark.sql("SELECT " + String.join(", ", columns)).write().format("delta").mode("overwrite")
        .option("overwriteSchema", "true").partitionBy("c" + k).save(path);
  }

  private static void assertDescribesItsVersion(DeltaSnapshot s) {
    List<String> expected = new ArrayList<>(List.of("id"));
    for (int i = 0; i <= s.version(); i++) {
      expected.add("c" + i);
    }
    assertEquals(expected, Arrays.asList(s.schema().fieldNames()), "schema of version " + s.version());
    assertEquals(List.of("c" + s.version()), s.partitionColumns(), "partitioning of version " + s.version());
  }

  private String newTable() {
    String path = SharedSpark.newDir("delta-snapshots-").resolve("t").toString();
    writeVersion(path, 0);
    return path;
  }

  @Test
  void readsTheNewestVersion() {
    String path = newTable();
    writeVersion(path, 1);
    DeltaSnapshot s = new DeltaSnapshots(spark).latest(path).orElseThrow();
    assertEquals(1, s.version());
    assertDescribesItsVersion(s);
  }

  /**
   * A commit lands in one of the gaps between the reads (1: before the schema, 2: before the detail, 3: before
   * the closing version check). Whatever the gap, the reader notices and reads the new version whole.
   */
  @ParameterizedTest(name = "commit in gap {0}")
  @ValueSource(ints = {1, 2, 3})
  void aCommitBetweenTheReadsNeverMixesTwoVersions(int gap) {
    String path = newTable();
    AtomicInteger gaps = new AtomicInteger();
    DeltaSnapshots reader = new DeltaSnapshots(spark, () -> {
      if (gaps.incrementAndGet() == gap) {
        writeVersion(path, 1);
      }
    });
    DeltaSnapshot s = reader.latest(path).orElseThrow();
    assertDescribesItsVersion(s);
    assertEquals(1, s.version(), "the commit made the reader start over");
  }

  @Test
  void aTableCommittedToDuringEveryReadIsAnErrorNotAMixedSnapshot() {
    String path = newTable();
    AtomicInteger gaps = new AtomicInteger();
    AtomicInteger commits = new AtomicInteger();
    DeltaSnapshots reader = new DeltaSnapshots(spark, () -> {
      if (gaps.incrementAndGet() % 3 == 2) {
        writeVersion(path, commits.incrementAndGet());
      }
    });
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.latest(path));
    assertEquals(DeltaSnapshots.MAX_ATTEMPTS, commits.get());
    assertTrue(e.getMessage().contains("during each of " + DeltaSnapshots.MAX_ATTEMPTS + " reads"), e.getMessage());
  }

  @Test
  void keepsPartitioningOrderPropertiesAndFeatures() {
    String path = SharedSpark.newDir("delta-snapshots-").resolve("t").toString();
    spark.sql("CREATE TABLE delta.`" + path + "` (id BIGINT, a STRING, b STRING) USING delta PARTITIONED BY (b, a)"
        + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true', 'owner.team' = 'payments')");
    DeltaSnapshot s = new DeltaSnapshots(spark).latest(path).orElseThrow();
    assertEquals(0, s.version());
    assertEquals(List.of("b", "a"), s.partitionColumns());
    assertEquals("true", s.properties().get("delta.enableDeletionVectors"));
    assertEquals("payments", s.properties().get("owner.team"));
    assertTrue(s.features().contains("deletionVectors"), s.features().toString());
    assertEquals(List.of("id", "a", "b"), Arrays.asList(s.schema().fieldNames()));
  }

  @Test
  void noTableIsEmpty() {
    String path = SharedSpark.newDir("delta-snapshots-").resolve("missing").toString();
    assertTrue(new DeltaSnapshots(spark).latest(path).isEmpty());
  }
}
