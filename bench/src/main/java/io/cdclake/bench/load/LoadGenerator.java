package io.cdclake.bench.load;

import io.cdclake.common.dms.DmsOperation;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends DMS-shaped change records to a sink at the pace of a {@link Pacer}: each round takes a batch of permits,
 * draws that many records from the {@link ChangeSource} (stamped with the current wall-clock time) and writes them.
 * Logs progress every ten seconds; never logs record contents.
 */
public final class LoadGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
  private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

  private final ChangeSource source;
  private final RecordSink sink;
  private final Pacer pacer;
  private final RateSchedule schedule;
  private final LongSupplier wallClockMs;
  private final int maxBatch;

  public LoadGenerator(ChangeSource source, RecordSink sink, RateSchedule schedule, Pacer pacer,
      LongSupplier wallClockMs, int maxBatch) {
    this.source = source;
    this.sink = sink;
    this.schedule = schedule;
    this.pacer = pacer;
    this.wallClockMs = wallClockMs;
    this.maxBatch = maxBatch;
  }

  /** Runs the whole schedule; the caller closes the sink. */
  public LoadReport run() throws IOException, InterruptedException {
    Map<DmsOperation, Long> byOperation = new EnumMap<>(DmsOperation.class);
    Map<String, Long> byTable = new TreeMap<>();
    long records = 0;
    long bytes = 0;
    long nextProgress = PROGRESS_EVERY_NANOS;
    while (true) {
      int n = pacer.acquire(maxBatch);
      if (n == 0) {
        break;
      }
      List<LoadRecord> batch = source.next(n, wallClockMs.getAsLong());
      sink.write(batch);
      for (LoadRecord r : batch) {
        byOperation.merge(r.operation(), 1L, Long::sum);
        byTable.merge(r.sourceId(), 1L, Long::sum);
        bytes += r.bytes().length;
      }
      records += n;
      long elapsed = pacer.elapsed();
      if (elapsed >= nextProgress) {
        LOG.info("load: {} records after {} s ({} records/s now asked for), {} requests, {} retried",
            records, elapsed / 1_000_000_000L, Math.round(schedule.rateAt(elapsed)), sink.requests(),
            sink.retriedRecords());
        nextProgress += PROGRESS_EVERY_NANOS;
      }
    }
    return new LoadReport(records, bytes, byOperation, byTable, Duration.ofNanos(pacer.elapsed()),
        schedule.totalPermits(), pacer.lostPermits(), sink.requests(), sink.retriedRecords());
  }
}
