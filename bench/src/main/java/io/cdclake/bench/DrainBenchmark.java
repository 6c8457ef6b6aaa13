package io.cdclake.bench;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.FillerColumns;
import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.ingest.IngestJob;
import io.cdclake.ingest.IngestReport;
import io.cdclake.ingest.source.Sources;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest throughput on a backlog: a fixed number of records waiting as files, drained by one available-now run.
 * This is the most the ingest job can do on the machine, the figure to compare offered rates against. The minimal
 * one-job baseline ({@link TablesBenchmark#appendBaseline}) then reads the same files in the same groups, one job
 * per micro-batch's files, in the same JVM: wall figures include the first batch (query start-up, a cold JVM for
 * ours, since the baseline runs second), steady figures leave it out for both.
 */
final class DrainBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(DrainBenchmark.class);

  /**
   * @param records      records drained
   * @param seconds      wall time of the run, query start-up included
   * @param batches      micro-batches it took
   * @param meanBatchMs  mean micro-batch duration
   * @param maxBatchMs   longest micro-batch
   * @param rawBytes     bytes the raw Delta table holds afterwards (its log included)
   * @param inputBytes   bytes of the JSON input
   * @param ours         our micro-batches (Spark's batch durations)
   * @param baseline     the baseline's jobs over the same groups of files
   */
  record Result(long records, double seconds, int batches, double meanBatchMs, double maxBatchMs, long rawBytes,
      long inputBytes, List<IngestProbe.Batch> ours, List<IngestProbe.Batch> baseline) {
    double recordsPerSecond() {
      return records / seconds;
    }

    /** The baseline's records over the time its jobs took, all of them. */
    double baselineRecordsPerSecond() {
      long ms = baseline.stream().mapToLong(IngestProbe.Batch::durationMs).sum();
      return ms == 0 ? Double.NaN : records * 1000.0 / ms;
    }

    double steadyRecordsPerSecond() {
      return TablesBenchmark.recordsPerSecond(ours);
    }

    double baselineSteadyRecordsPerSecond() {
      return TablesBenchmark.recordsPerSecond(baseline);
    }
  }

  private DrainBenchmark() {}

  /** @param filler extra columns that widen the records (see {@code --columns}) */
  static Result run(BenchContext ctx, List<TableLoad> tables, FillerColumns filler, long records, int perFile,
      int filesPerBatch) throws IOException {
    List<BenchTable> benchTables = tables.stream().map(t -> BenchTable.of(t.table(), false, filler)).toList();
    BenchLake lake = BenchLake.create(ctx.caseDir("drain"), benchTables, new IngestSource.Files(), 30,
        filesPerBatch);
    ChangeSource source = new ChangeSource(tables, ctx.mix(), ctx.seed(), Instant.now(),
        PartitionKeyMode.PRIMARY_KEY, filler);
    LOG.info("drain: writing a backlog of {} records of {} data columns in files of {}", records,
        FillerColumns.BASE_COLUMNS + filler.count(), perFile);
    RecordFiles.write(lake.input(), source, records, perFile);
    long inputBytes = LakeMeasures.directoryBytes(lake.input());

    IngestProbe probe = new IngestProbe();
    long start = System.nanoTime();
    IngestJob.Running running = IngestJob.launch(ctx.spark(), lake.config(), ctx.hashKey(),
        Sources.of(lake.config().ingest(), lake.config().sourceFile()), Trigger.AvailableNow(), probe);
    IngestReport report = IngestJob.runToEnd(running);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (report.recordsIn() != records || report.quarantined() > 0) {
      throw new IllegalStateException("drain: ingest read " + report.recordsIn() + " of " + records
          + " records and quarantined " + report.quarantined() + "; the figures would be wrong");
    }
    List<IngestProbe.Batch> batches = probe.batches(running.query());
    long rawBytes = LakeMeasures.directoryBytes(lake.rawChangesDir());
    List<IngestProbe.Batch> baseline = baseline(ctx, lake, records, perFile, filesPerBatch);
    return new Result(records, seconds, (int) report.batches(),
        batches.stream().mapToLong(IngestProbe.Batch::durationMs).average().orElse(Double.NaN),
        batches.stream().mapToLong(IngestProbe.Batch::durationMs).max().orElse(0), rawBytes, inputBytes, batches,
        baseline);
  }

  /** The baseline over the same files, {@code filesPerBatch} per job, as our micro-batches took them. */
  private static List<IngestProbe.Batch> baseline(BenchContext ctx, BenchLake lake, long records, int perFile,
      int filesPerBatch) throws IOException {
    LOG.info("drain: baseline over the same files");
    List<List<String>> groups = TablesBenchmark.batchFiles(TablesBenchmark.inputFiles(lake.input()), filesPerBatch);
    String out = ctx.caseDir("drain").resolve("baseline").toString();
    List<IngestProbe.Batch> batches = new ArrayList<>();
    long left = records;
    for (int b = 0; b < groups.size(); b++) {
      long inGroup = Math.min(left, (long) perFile * groups.get(b).size());
      left -= inGroup;
      long start = System.nanoTime();
      TablesBenchmark.appendBaseline(ctx.spark(), groups.get(b), out);
      batches.add(new IngestProbe.Batch(b, (System.nanoTime() - start) / 1_000_000, inGroup));
    }
    return batches;
  }
}
