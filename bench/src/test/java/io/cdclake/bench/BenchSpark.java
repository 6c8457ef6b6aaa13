package io.cdclake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The bench tests' one SparkSession: the benchmark's own, Hudi's settings included, so every bench test that
 * needs Spark runs where Delta and Hudi share a session, as the merge section does. Not the other modules'
 * shared session: Hudi's serializer must be set before the first session of the JVM starts.
 */
final class BenchSpark {
  private static SparkSession spark;

  private BenchSpark() {}

  static synchronized SparkSession get() {
    if (spark == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("cdclake-bench-spark-");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      spark = Benchmark.session("local[2]", dir, true);
      spark.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }
}
