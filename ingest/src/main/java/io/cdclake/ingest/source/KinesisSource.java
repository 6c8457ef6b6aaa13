package io.cdclake.ingest.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;

import io.cdclake.common.config.KinesisConsumer;
import io.cdclake.common.config.KinesisSourceConfig;
import io.cdclake.common.raw.RawColumns;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.DataSource;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads the DMS stream through the Amazon Kinesis Data Streams connector for Spark Structured Streaming
 * (format {@code aws-kinesis}), polling ({@code GetRecords}) or enhanced fan-out ({@code SubscribeToShard}).
 * The connector keeps its per-shard positions beside the query checkpoint, so a restart resumes exactly where
 * the last committed micro-batch ended.
 */
public final class KinesisSource implements RecordSource {
  public static final String FORMAT = "aws-kinesis";

  private final KinesisSourceConfig config;

  public KinesisSource(KinesisSourceConfig config) {
    if ("AT_TIMESTAMP".equals(config.startingPosition())) {
      // The connector wants "AT_TIMESTAMP <ISO-8601 instant>", and the config has no field for the instant.
      throw new IllegalArgumentException("ingest.kinesis.startingPosition AT_TIMESTAMP needs a timestamp, which the"
          + " configuration cannot express yet; use TRIM_HORIZON (everything retained) or LATEST");
    }
    this.config = config;
  }

  /** The connector options for this configuration; no credentials ever appear here (default provider chain). */
  public Map<String, String> options() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("kinesis.streamName", config.streamName());
    o.put("kinesis.region", config.region());
    // The stream's region; the connector would otherwise infer it from the endpoint, which fails for overrides.
    o.put("kinesis.kinesisRegion", config.region());
    o.put("kinesis.endpointUrl", endpoint());
    o.put("kinesis.startingPosition", config.startingPosition());
    // Records that expired from the stream before they were read are lost: stop loudly instead of skipping them.
    o.put("kinesis.failOnDataLoss", "true");
    if (config.consumer() == KinesisConsumer.ENHANCED_FAN_OUT) {
      o.put("kinesis.consumerType", "SubscribeToShard");
      o.put("kinesis.consumerName", config.consumerName().orElseThrow());
    } else {
      o.put("kinesis.consumerType", "GetRecords");
    }
    config.roleArn().ifPresent(arn -> {
      o.put("kinesis.stsRoleArn", arn);
      o.put("kinesis.stsSessionName", "cdclake-ingest");
    });
    return o;
  }

  /** The connector requires an endpoint; without an override it is the region's public one. */
  String endpoint() {
    return config.endpointUrl().orElse("https://kinesis." + config.region() + ".amazonaws.com");
  }

  @Override
  public Dataset<Row> open(SparkSession spark) {
    requireConnector(spark);
    DataStreamReader reader = spark.readStream().format(FORMAT);
    for (Map.Entry<String, String> e : options().entrySet()) {
      reader = reader.option(e.getKey(), e.getValue());
    }
    return normalise(reader.load());
  }

  /**
   * Maps the connector's columns (data, streamName, partitionKey, sequenceNumber, approximateArrivalTimestamp)
   * to {@link SourceColumns}. Kinesis sequence numbers are decimal strings of up to 128 digits, so left-padding
   * them gives the fixed-width, order-preserving raw sequence.
   */
  public static Dataset<Row> normalise(Dataset<Row> records) {
    return records.select(
        col("data").as(SourceColumns.VALUE),
        col("approximateArrivalTimestamp").as(SourceColumns.ARRIVAL_TIMESTAMP),
        lpad(col("sequenceNumber"), RawColumns.STREAM_SEQUENCE_WIDTH, "0").as(SourceColumns.STREAM_SEQUENCE),
        col("partitionKey").as(SourceColumns.PARTITION_KEY),
        concat(col("streamName"), lit("/"), col("sequenceNumber")).as(SourceColumns.POSITION));
  }

  /** Fails with instructions when the connector is not on the classpath (it is not on Maven Central). */
  public static void requireConnector(SparkSession spark) {
    try {
      DataSource.lookupDataSource(FORMAT, spark.sessionState().conf());
    } catch (Exception | LinkageError e) { // Scala throws the checked ClassNotFoundException undeclared
      throw new IllegalStateException("The Kinesis source needs the Amazon Kinesis Data Streams connector for"
          + " Spark Structured Streaming (format '" + FORMAT + "'), which is not on the classpath. EMR 7.1 and"
          + " later bundle it: run on such a release. Elsewhere, build or download"
          + " spark-streaming-sql-kinesis-connector for Scala 2.12 and pass it with --jars /path/to/connector.jar"
          + " (or spark.jars); tests take -Dkinesis.connector.jar=/path/to/connector.jar. Cause: " + e, e);
    }
  }

  @Override
  public String describe() {
    return "Kinesis stream " + config.streamName() + " in " + config.region() + " ("
        + (config.consumer() == KinesisConsumer.ENHANCED_FAN_OUT
            ? "enhanced fan-out as " + config.consumerName().orElse("?") : "polling")
        + ", starting at " + config.startingPosition() + " on a fresh checkpoint)";
  }
}
