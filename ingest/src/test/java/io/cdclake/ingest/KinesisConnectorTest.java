package io.cdclake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.IngestConfig;
import io.cdclake.common.config.KinesisConsumer;
import io.cdclake.common.config.KinesisSourceConfig;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.SourceKind;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.testing.KinesisLocalServer;
import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.source.KinesisSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The real EMR Kinesis connector ({@code aws-kinesis}) reading the sample capture from the kinesis-local emulator,
 * polling and enhanced fan-out, exactly once across a crash between the raw-zone commit and Spark's commit. Runs only when the
 * connector jar is given ({@code -Dkinesis.connector.jar=/path}); otherwise it reports itself skipped.
 */
class KinesisConnectorTest {
  private static final Duration WAIT = Duration.ofSeconds(180);

  @BeforeEach
  void requireConnector() {
    String jar = System.getProperty("kinesis.connector.jar", "");
    if (jar.isBlank() || !Files.isRegularFile(Paths.get(jar))) {
      String message = "SKIPPED: Kinesis connector integration test: no connector jar (-Dkinesis.connector.jar="
          + jar + "); the aws-kinesis connector is not on Maven Central, pass its jar to run this test";
      System.err.println("*** " + message);
      Assumptions.abort(message);
    }
    KinesisSource.requireConnector(SharedSpark.get());
  }

  @Test
  void pollingReadsEveryRecordExactlyOnceAcrossACrash() throws Exception {
    readStream(KinesisConsumer.POLLING, Optional.empty());
  }

  @Test
  void enhancedFanOutReadsEveryRecordExactlyOnceAcrossACrash() throws Exception {
    readStream(KinesisConsumer.ENHANCED_FAN_OUT, Optional.of("cdclake-ingest-it"));
  }

  private void readStream(KinesisConsumer consumer, Optional<String> consumerName) throws Exception {
    List<String> first = lines("0001-full-load.jsonl", "0002-cdc.jsonl");
    List<String> second = lines("0003-cdc.jsonl");
    String stream = "dms-" + UUID.randomUUID().toString().substring(0, 8);
    String previousKey = System.setProperty("aws.accessKeyId", KinesisLocalServer.ACCESS_KEY);
    String previousSecret = System.setProperty("aws.secretAccessKey", KinesisLocalServer.SECRET_KEY);
    try (KinesisLocalServer server = KinesisLocalServer.start();
        KinesisClient client = client(server)) {
      client.createStream(b -> b.streamName(stream).shardCount(2));
      await(() -> client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
          .streamStatus() == StreamStatus.ACTIVE, "stream " + stream + " active");
      TestLake lake = TestLake.reading(ProjectFiles.testData().resolve("dms"));
      PipelineConfig config = withKinesis(lake.config, new KinesisSourceConfig(stream, KinesisLocalServer.REGION,
          consumer, consumerName, "TRIM_HORIZON", Optional.of(server.endpoint().toString()), Optional.empty()));
      KinesisSource source = new KinesisSource(config.ingest().kinesis().orElseThrow());

      put(server, client, stream, first);
      IngestJob.Running run1 = IngestJob.launch(SharedSpark.get(), config, TestLake.KEY, source,
          Trigger.ProcessingTime(1000), counts -> { });
      awaitCommitted(run1.query(), first.size());
      run1.query().stop();
      assertEquals(first.size(), run1.report().recordsIn());

      put(server, client, stream, second);
      IngestJob.Running crashing = IngestJob.launch(SharedSpark.get(), config, TestLake.KEY, source,
          Trigger.ProcessingTime(1000), counts -> {
            if (counts.recordsIn() > 0) {
              throw new IllegalStateException("simulated crash after publishing batch " + counts.batchId());
            }
          });
      StreamingQuery q = crashing.query();
      await(() -> !q.isActive(), "crashing run stopped");
      assertTrue(q.exception().isDefined(), "the second run must have died of the simulated crash");

      IngestJob.Running run3 = IngestJob.launch(SharedSpark.get(), config, TestLake.KEY, source,
          Trigger.ProcessingTime(1000), counts -> { });
      awaitCommitted(run3.query(), second.size());
      run3.query().stop();

      assertEquals(8, lake.raw("payments.customers").count());
      assertEquals(8, lake.raw("payments.cards").count());
      assertEquals(6, lake.raw("payments.payments").count());
      assertEquals(3, lake.quarantine().count());
      assertEquals(22, lake.raw("payments.customers").select(RawColumns.STREAM_SEQUENCE)
          .union(lake.raw("payments.cards").select(RawColumns.STREAM_SEQUENCE))
          .union(lake.raw("payments.payments").select(RawColumns.STREAM_SEQUENCE)).distinct().count(),
          "Kinesis sequence numbers are unique: no record twice");
      // The raw zone is one Delta table: the data rows above plus the control records, each once.
      assertEquals(4, lake.rawChanges().where(org.apache.spark.sql.functions.col(RawColumns.SOURCE_TABLE)
          .equalTo(RawColumns.CONTROL_PARTITION)).count());
      assertEquals(26, lake.rawChanges().count());
      assertEquals(26, lake.rawChanges().select(RawColumns.STREAM_SEQUENCE).distinct().count());
    } finally {
      restore("aws.accessKeyId", previousKey);
      restore("aws.secretAccessKey", previousSecret);
    }
  }

  private static PipelineConfig withKinesis(PipelineConfig c, KinesisSourceConfig kinesis) {
    IngestConfig ingest = new IngestConfig(SourceKind.KINESIS, c.ingest().triggerIntervalSeconds(),
        Optional.of(kinesis), Optional.empty(), c.ingest().maxFilesPerTrigger());
    return new PipelineConfig(c.environment(), c.zones(), ingest, c.catalog(), c.pci(), c.tables(), c.sourceFile());
  }

  private static KinesisClient client(KinesisLocalServer server) {
    return KinesisClient.builder()
        .region(Region.of(KinesisLocalServer.REGION))
        .endpointOverride(server.endpoint())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(KinesisLocalServer.ACCESS_KEY, KinesisLocalServer.SECRET_KEY)))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  /** One PutRecord per line, in order, keyed like DMS keys by table. */
  private static void put(KinesisLocalServer server, KinesisClient client, String stream, List<String> lines) {
    for (String line : lines) {
      String key = line.contains("\"table-name\":\"") ? line.replaceAll(".*\"table-name\":\"([^\"]*)\".*", "$1")
          : "unknown";
      try {
        client.putRecord(b -> b.streamName(stream).partitionKey(key)
            .data(SdkBytes.fromString(line, StandardCharsets.UTF_8)));
      } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
        throw new IllegalStateException("PutRecord to the emulator failed (" + e.getMessage() + "); "
            + server.diagnostics(), e);
      }
    }
  }

  private static List<String> lines(String... files) throws IOException {
    List<String> out = new ArrayList<>();
    for (String f : files) {
      try (Stream<String> s = Files.lines(ProjectFiles.testData().resolve("dms").resolve(f))) {
        s.filter(l -> !l.isBlank()).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * Waits until the query's batches have read {@code records} records and Spark has committed them. A progress
   * report is posted only after the batch's commit is written, so stopping the query afterwards cannot interrupt
   * that batch (stopping as soon as the raw zone holds the rows could, and the next run would then replay it).
   */
  private static void awaitCommitted(StreamingQuery q, long records) throws InterruptedException {
    await(() -> {
      if (q.exception().isDefined()) {
        throw new AssertionError("the query died", q.exception().get());
      }
      return java.util.Arrays.stream(q.recentProgress()).mapToLong(p -> p.numInputRows()).sum() >= records;
    }, records + " records read and committed by query " + q.id());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for: " + what);
      }
      Thread.sleep(250);
    }
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, previous);
    }
  }

}
