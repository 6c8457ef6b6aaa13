package io.cdclake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.S3MockServer;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.source.FilesSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole lake (the raw Delta table, its log, the checkpoint) on s3a against Adobe S3Mock, where a rename is a
 * copy and a delete: a crash between the raw-zone commit of a batch and Spark's commit of it, then a restart,
 * still leaves every record exactly once (the replay finds its batch marker on the latest commit and skips the append).
 */
class IngestOnS3Test {
  private static S3MockServer s3;

  @BeforeAll
  static void startS3() {
    s3 = S3MockServer.start("lake");
    s3.configure(SharedSpark.get().sparkContext().hadoopConfiguration());
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void rawZoneOnS3IsExactlyOnceAcrossACrash() throws Exception {
    SparkSession spark = SharedSpark.get();
    // Small on purpose: every s3a rename is a copy and a delete, and the protocol, not volume, is under test.
    java.nio.file.Path input = DmsFiles.customers(2, 3);
    TestLake lake = TestLake.at("s3a://" + s3.bucket(0) + "/lake", input);
    FilesSource source = new FilesSource(input.toString(), 1);

    IngestJob.Running crashing = IngestJob.launch(spark, lake.config, TestLake.KEY, source, Trigger.AvailableNow(),
        counts -> {
          throw new IllegalStateException("simulated crash after publishing batch " + counts.batchId());
        });
    assertThrows(IllegalStateException.class, () -> IngestJob.runToEnd(crashing));
    assertEquals(3, lake.raw("payments.customers").count(), "the crashed batch 0 was published, not committed");

    IngestReport resumed = IngestJob.runToEnd(IngestJob.launch(spark, lake.config, TestLake.KEY, source,
        Trigger.AvailableNow(), counts -> { }));
    assertEquals(2, resumed.batches(), "batch 0 replayed, then batch 1");

    assertEquals(6, lake.raw("payments.customers").count());
    assertEquals(6, lake.raw("payments.customers").select("_stream_sequence").distinct().count());
    assertEquals(6, lake.raw("payments.customers").select("customer_id").distinct().count());

    List<String> files = list(spark, lake.paths.rawTable(lake.table("payments.customers")));
    assertEquals(2, files.size(), "one file per batch and day, none for the replay: " + files);
    assertTrue(files.stream().allMatch(f -> f.matches("s3a://.*/lake/raw/changes/source_table=payments\\.customers"
        + "/year=\\d{4}/month=\\d{2}/day=\\d{2}/part-.*\\.snappy\\.parquet")), files.toString());
    assertEquals(2, spark.sql("DESCRIBE HISTORY delta.`" + lake.paths.rawChanges() + "`")
        .where("operation = 'WRITE'").count(), "one raw-zone commit per batch: the replay committed nothing");
  }

  private static List<String> list(SparkSession spark, String root) throws Exception {
    Path p = new Path(root);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    List<String> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
    while (it.hasNext()) {
      out.add(it.next().getPath().toString());
    }
    return out;
  }
}
