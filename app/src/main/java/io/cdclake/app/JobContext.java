package io.cdclake.app;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.spark.SparkSessions;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every job starts from: the configuration, loaded and validated once before Spark starts (a bad
 * contract fails in a second, not after cluster start-up), and the SparkSession suited to the environment.
 */
record JobContext(PipelineConfig config, SparkSession spark) {
  private static final Logger LOG = LoggerFactory.getLogger(JobContext.class);

  static JobContext start(JobOptions options, String job) {
    PipelineConfig config = new ConfigLoader().loadEnvironment(options.confDir, options.env);
    LOG.info("{}: environment '{}' from {}, {} table contract(s)", job, config.environment(), config.sourceFile(),
        config.tables().size());
    String appName = "cdclake-" + job + "-" + config.environment();
    SparkSession spark = isLocal(config)
        ? SparkSessions.local(appName, localWorkDir(config).toString())
        : SparkSessions.cluster(appName);
    return new JobContext(config, spark);
  }

  /**
   * Takes the job family's lock ({@code <checkpoints>/_locks}), renewed in the background until closed: two
   * ingest streams on one checkpoint, or a manual curate beside the scheduled one, fail fast naming the holder.
   */
  io.cdclake.common.lock.WriterLock lock(String name, java.time.Duration ttl) {
    return io.cdclake.common.lock.WriterLock.acquire(spark,
        new io.cdclake.common.raw.LakePaths(config.zones()).checkpoint("_locks"), name, ttl);
  }

  /** Local zones live on the local filesystem; anything with a URI scheme (s3://) runs on a cluster. */
  static boolean isLocal(PipelineConfig config) {
    return !config.zones().raw().contains("://");
  }

  /** Spark's warehouse and embedded metastore sit beside the local zones, so they share their lifetime. */
  static Path localWorkDir(PipelineConfig config) {
    Path raw = Paths.get(config.zones().raw()).toAbsolutePath();
    return raw.getParent().resolve("spark");
  }
}
