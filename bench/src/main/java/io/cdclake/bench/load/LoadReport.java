package io.cdclake.bench.load;

import io.cdclake.common.dms.DmsOperation;
import java.time.Duration;
import java.util.Map;

/**
 * What a load-generator run produced.
 *
 * @param records        records sent
 * @param bytes          JSON bytes sent (without partition keys)
 * @param byOperation    records per DMS operation
 * @param byTable        records per {@code schema.table}
 * @param elapsed        wall time of the run
 * @param targetRecords  records the rate schedule asked for
 * @param lostPermits    records not sent because the sink could not keep up
 * @param requests       PutRecords calls or files written
 * @param retriedRecords records re-sent after partial PutRecords failures
 */
public record LoadReport(long records, long bytes, Map<DmsOperation, Long> byOperation, Map<String, Long> byTable,
    Duration elapsed, long targetRecords, long lostPermits, long requests, long retriedRecords) {

  public LoadReport {
    byOperation = Map.copyOf(byOperation);
    byTable = Map.copyOf(byTable);
  }

  public double recordsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? records / seconds : 0;
  }

  public String summary() {
    return String.format("%d records (%d bytes) in %.1f s = %.0f records/s; target %d, not sent %d;"
            + " %d requests, %d records retried; operations %s; tables %s",
        records, bytes, elapsed.toNanos() / 1e9, recordsPerSecond(), targetRecords, lostPermits, requests,
        retriedRecords, byOperation, byTable);
  }
}
