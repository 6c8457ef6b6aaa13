package io.cdclake.common.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every job uses, so Delta, time zone and Parquet settings cannot drift between
 * ingest, curate, catalog and the tests.
 */
public final class SparkSessions {
  /** Delta's session extension; a session that adds another engine's lists it first. */
  public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";

  private SparkSessions() {}

  /**
   * Settings every session needs. On EMR the cluster configuration also sets the Delta ones; setting them here
   * too means a job works the same under a bare spark-submit.
   */
  public static SparkSession.Builder base(String appName) {
    return SparkSession.builder()
        .appName(appName)
        .config("spark.sql.extensions", DELTA_EXTENSION)
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // Partition days and DMS timestamps are UTC; a cluster default zone must not shift them.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.compression.codec", "snappy")
        // Timestamps as TIMESTAMP_MICROS, not INT96: a reader whose Parquet time zone is not UTC cannot shift
        // them, and dates before 1582 (0001-01-01 sentinels) are written as they are, not refused or rebased.
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
        .config("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED")
        .config("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED")
        .config("spark.sql.parquet.int96RebaseModeInRead", "CORRECTED")
        // Adaptive execution sizes the raw-zone write tasks (rebalance) and coalesces small shuffles.
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        // Delta lists a table's log from its last checkpoint with S3's start-after (S3A, the s3:// connector of
        // EMR 7.10+): without it every snapshot update lists every commit the log keeps (30 days by default, a
        // commit per 30-s ingest batch), in each job, for each table's stream, run after run.
        .config("spark.hadoop.delta.enableFastS3AListFrom", "true")
        // Curate runs several tables at once, each in a scheduler pool of its own: fair sharing between pools
        // keeps a big table's jobs from queueing every small table behind them.
        .config("spark.scheduler.mode", "FAIR")
        // Spark keeps 100 compiled classes, fewer than one curate batch generates, so every table's run
        // recompiled most of its own classes (docs/benchmarks.md, "the compiled-code cache"). Each class costs a
        // few tens of KB of metaspace. Static: it only takes effect when the session is first built.
        .config("spark.sql.codegen.cache.maxEntries", "1000")
        // A batch is cached only while its own statements read it (curate: the batch's raw rows and its
        // classification; ingest: the decoded records), then dropped: compressing the cache saves memory that is
        // soon free again, at a large share of curate's first pass over a big batch (docs/benchmarks.md,
        // "Rebuild from raw history"). MEMORY_AND_DISK still spills what does not fit.
        .config("spark.sql.inMemoryColumnarStorage.compressed", "false");
  }

  /** A session on the cluster: master and resources come from spark-submit. */
  public static SparkSession cluster(String appName) {
    return base(appName).getOrCreate();
  }

  /**
   * A local session for the local run and tests: two cores (the machine's size), few shuffle partitions,
   * no UI, and a warehouse/metastore under {@code workDir} so the local catalog persists between jobs.
   */
  public static SparkSession local(String appName, String workDir) {
    SparkSession.Builder builder = base(appName);
    if (hiveAvailable()) {
      // An embedded Derby metastore, so tables registered by one local job are visible to the next.
      builder = builder.enableHiveSupport();
    }
    return builder
        .master("local[2]")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.warehouse.dir", workDir + "/warehouse")
        .config("javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + workDir + "/metastore_db;create=true")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .getOrCreate();
  }

  private static boolean hiveAvailable() {
    try {
      Class.forName("org.apache.spark.sql.hive.HiveSessionStateBuilder", false, SparkSessions.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
