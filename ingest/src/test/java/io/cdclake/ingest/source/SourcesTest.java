package io.cdclake.ingest.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.KinesisConsumer;
import io.cdclake.common.config.KinesisSourceConfig;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Source normalisation on static frames, and the Kinesis connector options; no stream, no files. */
class SourcesTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void aMissingInputDirectoryIsAConfigurationErrorNamingIt() {
    String missing = SharedSpark.newDir("no-input-").resolve("not-there").toString();
    io.cdclake.common.config.ConfigException e = assertThrows(io.cdclake.common.config.ConfigException.class,
        () -> new FilesSource(missing, 1).open(SharedSpark.get()));
    assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("ingest.files.path"), e.getMessage());
  }

  /**
   * Spark's file source reads neither names starting with '_' or '.' (its hidden files) nor the files of
   * sub-folders; a replay copied in as such would vanish without a word, so the source names what it will not read.
   */
  @Test
  void whatTheFilesSourceWillNotReadIsNamed() throws Exception {
    java.nio.file.Path in = SharedSpark.newDir("unread-input-");
    java.nio.file.Files.writeString(in.resolve("0001-cdc.jsonl"), "{}\n");
    java.nio.file.Files.writeString(in.resolve("_0002-cdc.jsonl"), "{}\n");
    java.nio.file.Files.writeString(in.resolve(".0003-cdc.jsonl"), "{}\n");
    java.nio.file.Files.createDirectories(in.resolve("replay-2024-03-01"));
    java.nio.file.Files.writeString(in.resolve("replay-2024-03-01/0004-cdc.jsonl"), "{}\n");

    List<String> unread = FilesSource.unread(FilesSource.listing(spark, new org.apache.hadoop.fs.Path(in.toUri())));

    assertEquals(List.of(
        ".0003-cdc.jsonl: a name starting with '_' or '.' is never read; rename it",
        "_0002-cdc.jsonl: a name starting with '_' or '.' is never read; rename it",
        "replay-2024-03-01: the files of a sub-folder are never read; move them into the input directory"),
        unread.stream().sorted().toList());
  }

  @Test
  void aCardNumberInAFilesPathIsScrubbedFromThePartitionKeyAndPosition() {
    Dataset<Row> files = spark.createDataFrame(List.of(RowFactory.create("file:/in/4111111111111111/x-5500005555555559.jsonl",
        Timestamp.from(Instant.parse("2024-03-01T09:00:00Z")), 3L, "{}\n".getBytes(StandardCharsets.UTF_8))),
        FilesSource.BINARY_FILE);
    Row row = FilesSource.lines(files).first();
    String key = row.getAs(SourceColumns.PARTITION_KEY);
    String position = row.getAs(SourceColumns.POSITION);
    assertFalse(key.contains("5500005555555559"), key);
    assertFalse(position.contains("4111111111111111") || position.contains("5500005555555559"), position);
    assertTrue(position.endsWith(".jsonl:1"), position);
  }

  @Test
  void filesBecomeOneRecordPerNonEmptyLineWithStablePositions() {
    Instant mtime = Instant.parse("2024-03-01T09:00:00Z");
    String content = "{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}\n";
    Dataset<Row> files = spark.createDataFrame(List.of(RowFactory.create("file:/in/0002-cdc.jsonl",
        Timestamp.from(mtime), (long) content.length(), content.getBytes(StandardCharsets.UTF_8))),
        FilesSource.BINARY_FILE);
    List<Row> rows = FilesSource.lines(files).orderBy(SourceColumns.STREAM_SEQUENCE).collectAsList();
    assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"),
        rows.stream().map(r -> new String((byte[]) r.getAs(SourceColumns.VALUE), StandardCharsets.UTF_8)).toList());
    assertEquals(List.of("file:/in/0002-cdc.jsonl:1", "file:/in/0002-cdc.jsonl:3", "file:/in/0002-cdc.jsonl:4"),
        rows.stream().map(r -> r.getString(r.fieldIndex(SourceColumns.POSITION))).toList());
    Row first = rows.get(0);
    assertEquals(FileSequence.of("0002-cdc.jsonl", mtime.toEpochMilli(), 1), first.getAs(SourceColumns.STREAM_SEQUENCE));
    assertEquals("0002-cdc.jsonl", first.getAs(SourceColumns.PARTITION_KEY));
    assertEquals(Timestamp.from(mtime), first.getAs(SourceColumns.ARRIVAL_TIMESTAMP));
    StructType normalised = FilesSource.lines(files).schema();
    assertEquals(List.of(SourceColumns.schema().fieldNames()), List.of(normalised.fieldNames()));
    for (var f : SourceColumns.schema().fields()) {
      assertEquals(f.dataType(), normalised.apply(f.name()).dataType(), f.name());
    }
  }

  @Test
  void fileLinesStayBytesWithBareCarriageReturnsAndAByteOrderMark() {
    Instant mtime = Instant.parse("2024-03-01T09:00:00Z");
    byte[] content = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}', '\r', '[', (byte) 0xC0, (byte) 0xAF, ']'};
    Dataset<Row> files = spark.createDataFrame(List.of(RowFactory.create("file:/in/x.jsonl", Timestamp.from(mtime),
        (long) content.length, content)), FilesSource.BINARY_FILE);
    List<Row> rows = FilesSource.lines(files).orderBy(SourceColumns.STREAM_SEQUENCE).collectAsList();
    assertEquals(2, rows.size());
    assertArrayEquals(new byte[] {'{', '}'}, (byte[]) rows.get(0).getAs(SourceColumns.VALUE));
    assertArrayEquals(new byte[] {'[', (byte) 0xC0, (byte) 0xAF, ']'}, (byte[]) rows.get(1).getAs(SourceColumns.VALUE),
        "bytes that are not UTF-8 reach the decoder unchanged");
    assertEquals("file:/in/x.jsonl:2", rows.get(1).getAs(SourceColumns.POSITION));
  }

  @Test
  void kinesisRecordsAreNormalisedWithPaddedSequenceNumbers() {
    StructType connector = new StructType()
        .add("data", DataTypes.BinaryType)
        .add("streamName", DataTypes.StringType)
        .add("partitionKey", DataTypes.StringType)
        .add("sequenceNumber", DataTypes.StringType)
        .add("approximateArrivalTimestamp", DataTypes.TimestampType);
    Timestamp arrival = Timestamp.from(Instant.parse("2024-03-01T09:00:00.123Z"));
    String seq = "49590338271490256608559692538361571095921575989136588898";
    Row r = KinesisSource.normalise(spark.createDataFrame(List.of(RowFactory.create(
        "{\"x\":1}".getBytes(StandardCharsets.UTF_8), "dms-cdc", "payments.cards", seq, arrival)), connector))
        .first();
    assertArrayEquals("{\"x\":1}".getBytes(StandardCharsets.UTF_8), (byte[]) r.getAs(SourceColumns.VALUE),
        "Kinesis data stays bytes: the decoder checks the encoding");
    String padded = r.getAs(SourceColumns.STREAM_SEQUENCE);
    assertEquals(RawColumns.STREAM_SEQUENCE_WIDTH, padded.length());
    assertTrue(padded.endsWith(seq));
    assertEquals("payments.cards", r.getAs(SourceColumns.PARTITION_KEY));
    assertEquals("dms-cdc/" + seq, r.getAs(SourceColumns.POSITION));
    assertEquals(arrival, r.getAs(SourceColumns.ARRIVAL_TIMESTAMP));
  }

  @Test
  void pollingOptions() {
    Map<String, String> o = new KinesisSource(new KinesisSourceConfig("dms-cdc", "eu-west-1",
        KinesisConsumer.POLLING, Optional.empty(), "TRIM_HORIZON", Optional.empty(), Optional.empty())).options();
    assertEquals("GetRecords", o.get("kinesis.consumerType"));
    assertEquals("dms-cdc", o.get("kinesis.streamName"));
    assertEquals("eu-west-1", o.get("kinesis.region"));
    assertEquals("eu-west-1", o.get("kinesis.kinesisRegion"));
    assertEquals("true", o.get("kinesis.failOnDataLoss"));
    assertEquals("https://kinesis.eu-west-1.amazonaws.com", o.get("kinesis.endpointUrl"));
    assertEquals("TRIM_HORIZON", o.get("kinesis.startingPosition"));
    assertFalse(o.containsKey("kinesis.consumerName"));
    assertFalse(o.keySet().stream().anyMatch(k -> k.toLowerCase().contains("secret") || k.contains("AccessKey")));
  }

  @Test
  void enhancedFanOutOptionsWithRoleAndEndpoint() {
    Map<String, String> o = new KinesisSource(new KinesisSourceConfig("dms-cdc", "eu-west-1",
        KinesisConsumer.ENHANCED_FAN_OUT, Optional.of("cdclake-ingest"), "LATEST",
        Optional.of("https://vpce-1.kinesis.eu-west-1.vpce.amazonaws.com"),
        Optional.of("arn:aws:iam::123456789012:role/read-dms-stream"))).options();
    assertEquals("SubscribeToShard", o.get("kinesis.consumerType"));
    assertEquals("cdclake-ingest", o.get("kinesis.consumerName"));
    assertEquals("https://vpce-1.kinesis.eu-west-1.vpce.amazonaws.com", o.get("kinesis.endpointUrl"));
    assertEquals("arn:aws:iam::123456789012:role/read-dms-stream", o.get("kinesis.stsRoleArn"));
    assertEquals("cdclake-ingest", o.get("kinesis.stsSessionName"));
    assertEquals("LATEST", o.get("kinesis.startingPosition"));
  }

  @Test
  void atTimestampWithoutATimestampIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KinesisSource(
        new KinesisSourceConfig("s", "eu-west-1", KinesisConsumer.POLLING, Optional.empty(), "AT_TIMESTAMP",
            Optional.empty(), Optional.empty())));
    assertTrue(e.getMessage().contains("TRIM_HORIZON"), e.getMessage());
  }

  @Test
  void aMissingConnectorIsExplained() {
    Assumptions.assumeTrue(System.getProperty("kinesis.connector.jar", "").isBlank(),
        "the connector is on the classpath");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> KinesisSource.requireConnector(spark));
    assertTrue(e.getMessage().contains("EMR 7.1"), e.getMessage());
    assertTrue(e.getMessage().contains("--jars"), e.getMessage());
    assertTrue(e.getMessage().contains("aws-kinesis"), e.getMessage());
  }
}
