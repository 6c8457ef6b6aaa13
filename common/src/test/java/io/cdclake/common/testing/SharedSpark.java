package io.cdclake.common.testing;

import io.cdclake.common.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for the whole test JVM: starting Spark costs seconds and the machine has two cores,
 * so every test class shares it. Tests isolate themselves by directory, never by session.
 */
public final class SharedSpark {
  private static SparkSession spark;
  private static Path workDir;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      try {
        workDir = Files.createTempDirectory("cdclake-spark-");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      spark = SparkSessions.local("cdclake-tests", workDir.toString());
      spark.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }

  /** A fresh directory for one test's zones and checkpoints. */
  public static Path newDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
