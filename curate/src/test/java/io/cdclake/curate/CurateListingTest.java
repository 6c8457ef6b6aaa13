package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.testing.S3MockServer;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.curate.testing.TestLake;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a curate run lists on S3 does not grow with the raw batches already curated: the lake on s3a (S3Mock),
 * s3a's own request statistics counting every LIST page, pages of 4 keys so that a listing's length shows as
 * requests (real S3 pages hold 1,000).
 *
 * <p>Each Delta log is listed from its last checkpoint on (Delta's start-after listing on S3A, which
 * {@code SparkSessions} turns on), so a run lists in a sawtooth whose period is Delta's checkpoint interval (10
 * commits), and the stream's checkpoint keeps a bounded number of batches. One listing grows a little: the snapshot
 * of the raw table at the stream's start version, for which Delta looks for a checkpoint up to 1,000 versions back,
 * one page more per two raw commits until it reaches those 1,000 (3 pages of real S3). Without the start-after
 * listing a run listed every commit the raw and curated logs kept (30 days of them by default): 156 requests on the
 * first run and 581 on the thirtieth, measured, about 14 more per run (with it: 166, and 227 on the thirtieth).
 */
class CurateListingTest {
  private static final int RUNS = 30;
  /** Two checkpoint periods of the raw and curated logs, after a first one that creates the tables. */
  private static final int WINDOW = 10;

  private static S3MockServer s3;

  @BeforeAll
  static void startS3() {
    s3 = S3MockServer.start("listing");
    Configuration conf = SharedSpark.get().sparkContext().hadoopConfiguration();
    s3.configure(conf);
    conf.set("fs.s3a.bucket." + s3.bucket(0) + ".paging.maximum", "4");
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static long listRequests(String root) throws Exception {
    Configuration conf = SharedSpark.get().sparkContext().hadoopConfiguration();
    S3AFileSystem fs = (S3AFileSystem) new Path(root).getFileSystem(conf);
    Map<String, Long> c = fs.getIOStatistics().counters();
    return c.getOrDefault("object_list_request", 0L) + c.getOrDefault("object_continue_list_request", 0L);
  }

  @Test
  void aRunListsNoMoreAfterTwiceTheRawBatches() throws Exception {
    assertEquals("true", SharedSpark.get().sparkContext().hadoopConfiguration().get("delta.enableFastS3AListFrom"),
        "every job's session lists Delta logs from their checkpoint (SparkSessions)");
    String root = "s3a://" + s3.bucket(0) + "/lake";
    TestLake lake = TestLake.onStore(root, SchemaEvolutionTest.V1);
    List<Long> perRun = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      // One raw commit per run, as one ingest batch would make; each key new, so every run merges.
      lake.land("crm_members", List.of(change(DmsOperation.INSERT, "crm", "members", 10 + run, 1,
          row("id", (long) run, "name", "n" + run, "points", run))));
      long before = listRequests(root);
      TableReport report = lake.curate().table("crm_members").orElseThrow();
      assertEquals(TableReport.Status.OK, report.status(), report.messages().toString());
      perRun.add(listRequests(root) - before);
    }
    System.out.println("LIST requests per curate run: " + perRun);
    long early = Collections.max(perRun.subList(RUNS - 2 * WINDOW, RUNS - WINDOW));
    long late = Collections.max(perRun.subList(RUNS - WINDOW, RUNS));
    // The window's raw commits, 2 keys each (commit and checksum), at 4 keys a page, in the one bounded listing.
    long windowOfTheSnapshotListing = WINDOW * 2 / 4;
    assertTrue(late <= early + windowOfTheSnapshotListing, "runs " + (RUNS - WINDOW) + "-" + (RUNS - 1)
        + " listed up to " + late + " pages, runs " + (RUNS - 2 * WINDOW) + "-" + (RUNS - WINDOW - 1) + " up to "
        + early + ": " + perRun);
    assertEquals(RUNS, lake.table("crm_members").count());
  }
}
