package io.cdclake.ingest;

import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.metrics.EmfLogSink;
import io.cdclake.common.metrics.MetricsSink;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.ingest.decode.BatchDecoder;
import io.cdclake.ingest.source.RecordSource;
import io.cdclake.ingest.source.Sources;
import io.cdclake.ingest.write.BatchCounts;
import io.cdclake.ingest.write.RawZoneWriter;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stream: source -> one decode per record (routing, PCI) -> every table's rows as one idempotent Delta append
 * to the raw zone, quarantine beside it, checkpointed, exactly once per micro-batch.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
  public static final String QUERY_NAME = "cdclake-ingest";

  private IngestJob() {}

  /** Starts the continuous query, one micro-batch every {@code ingest.triggerIntervalSeconds}. */
  public static StreamingQuery start(SparkSession spark, PipelineConfig config, HashKey key) {
    Trigger trigger = Trigger.ProcessingTime(config.ingest().triggerIntervalSeconds() * 1000L);
    return launch(spark, config, key, Sources.of(config.ingest(), config.sourceFile()), trigger, counts -> { })
        .query();
  }

  /**
   * Processes everything the source has now, in as many micro-batches as its limits require, then stops.
   * The checkpoint is the same as the continuous query's, so the two can alternate.
   */
  public static IngestReport runAvailableNow(SparkSession spark, PipelineConfig config, HashKey key) {
    return runToEnd(launch(spark, config, key, Sources.of(config.ingest(), config.sourceFile()),
        Trigger.AvailableNow(), counts -> { }));
  }

  /** A started query and the writer that keeps its totals. */
  public record Running(StreamingQuery query, RawZoneWriter writer) {
    public IngestReport report() {
      return writer.report();
    }
  }

  /** Waits for an available-now query to finish; its failure is rethrown. */
  public static IngestReport runToEnd(Running running) {
    try {
      running.query().awaitTermination();
    } catch (StreamingQueryException e) {
      throw new IllegalStateException("ingest query failed: " + e.getMessage()
          + "; it resumes from its checkpoint on the next run", e);
    }
    IngestReport report = running.report();
    LOG.info("ingest run finished:\n{}", report.render());
    return report;
  }

  /**
   * Starts the query on any source; {@code afterPublish} runs after a batch's files are published and before
   * Spark commits it (tests inject failures there).
   */
  public static Running launch(SparkSession spark, PipelineConfig config, HashKey key, RecordSource source,
      Trigger trigger, Consumer<BatchCounts> afterPublish) {
    return launch(spark, config, key, source, trigger, afterPublish, new EmfLogSink());
  }

  /** As above, publishing each batch's figures to {@code metrics}. */
  public static Running launch(SparkSession spark, PipelineConfig config, HashKey key, RecordSource source,
      Trigger trigger, Consumer<BatchCounts> afterPublish, MetricsSink metrics) {
    requireUtc(spark);
    if (spark.sparkContext().getConf().getBoolean("spark.speculation", false)) {
      LOG.warn("spark.speculation is on: the Kinesis connector does not support speculative tasks; turn it off");
    }
    LakePaths paths = new LakePaths(config.zones());
    BatchDecoder decoder = BatchDecoder.of(config.tables(), key);
    RawZoneWriter writer = new RawZoneWriter(decoder, paths, afterPublish, metrics);
    String checkpoint = paths.checkpoint(RawZoneWriter.STAGE);
    LOG.info("ingest starting: {} tables configured, reading {}, raw zone {}, checkpoint {}",
        config.tables().size(), source.describe(), config.zones().raw(), checkpoint);
    try {
      StreamingQuery query = source.open(spark)
          .writeStream()
          .queryName(QUERY_NAME)
          .option("checkpointLocation", checkpoint)
          .trigger(trigger)
          .foreachBatch(writer)
          .start();
      return new Running(query, writer);
    } catch (TimeoutException e) {
      throw new IllegalStateException("ingest query did not start in time", e);
    }
  }

  private static void requireUtc(SparkSession spark) {
    String tz = spark.conf().get("spark.sql.session.timeZone");
    if (!"UTC".equals(tz) && !"Etc/UTC".equals(tz) && !"Z".equals(tz)) {
      throw new IllegalStateException("spark.sql.session.timeZone is '" + tz + "': raw day partitions and DMS"
          + " timestamps are UTC; start Spark through SparkSessions (which sets UTC) or set it to UTC");
    }
  }
}
