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
import java.util.List;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest throughput on a backlog: a fixed number of records waiting as files, drained by one available-now run.
 * This is the most the ingest job can do on the machine, the figure to compare offered rates against.
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
   */
  record Result(long records, double seconds, int batches, double meanBatchMs, double maxBatchMs, long rawBytes,
      long inputBytes) {
    double recordsPerSecond() {
      return records / seconds;
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
    return new Result(records, seconds, (int) report.batches(),
        batches.stream().mapToLong(IngestProbe.Batch::durationMs).average().orElse(Double.NaN),
        batches.stream().mapToLong(IngestProbe.Batch::durationMs).max().orElse(0), rawBytes, inputBytes);
  }
}
