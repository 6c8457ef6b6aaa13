package io.cdclake.common.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the Spark jobs an action starts. Listener events arrive asynchronously, so the action is framed by two
 * marker jobs of a known description: once the closing marker has arrived, every job the action started has too.
 */
public final class SparkJobCounter {
  private static final String DESCRIPTION = "spark.job.description";
  private static final long WAIT_MILLIS = 60_000;

  private SparkJobCounter() {}

  public static int count(SparkSession spark, Runnable action) {
    Recorder recorder = new Recorder();
    spark.sparkContext().addSparkListener(recorder);
    try {
      String start = marker(spark);
      action.run();
      String end = marker(spark);
      return recorder.jobsBetween(start, end);
    } finally {
      spark.sparkContext().removeSparkListener(recorder);
    }
  }

  private static String marker(SparkSession spark) {
    String name = "cdclake-job-counter-" + UUID.randomUUID();
    String previous = spark.sparkContext().getLocalProperty(DESCRIPTION);
    spark.sparkContext().setLocalProperty(DESCRIPTION, name);
    try {
      JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1), 1).count();
    } finally {
      spark.sparkContext().setLocalProperty(DESCRIPTION, previous);
    }
    return name;
  }

  private static final class Recorder extends SparkListener {
    private final List<String> descriptions = new ArrayList<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart jobStart) {
      String d = jobStart.properties() == null ? null : jobStart.properties().getProperty(DESCRIPTION);
      descriptions.add(d == null ? "" : d);
      notifyAll();
    }

    synchronized int jobsBetween(String start, String end) {
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      while (!descriptions.contains(end)) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new IllegalStateException("the marker job never reached the listener");
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return descriptions.indexOf(end) - descriptions.indexOf(start) - 1;
    }
  }
}
