package io.cdclake.ingest.write;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.ingest.IngestReport;
import io.cdclake.ingest.decode.BatchDecoder;
import io.cdclake.ingest.decode.Envelope;
import io.cdclake.ingest.decode.Quarantine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code foreachBatch} sink of the ingest query: decodes a micro-batch and publishes its table rows,
 * control records and quarantine exactly once through {@link BatchPublisher}. Runs on the driver, so it also
 * keeps the running totals of the query.
 */
public final class RawZoneWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RawZoneWriter.class);
  public static final String STAGE = "ingest";

  private final transient BatchDecoder decoder;
  private final transient LakePaths paths;
  private final transient Consumer<BatchCounts> afterPublish;
  private final transient Totals totals = new Totals();

  /**
   * @param afterPublish called with the batch's counts once its files are published and before Spark commits
   *                     the batch; tests use it to simulate a crash in that window
   */
  public RawZoneWriter(BatchDecoder decoder, LakePaths paths, Consumer<BatchCounts> afterPublish) {
    this.decoder = decoder;
    this.paths = paths;
    this.afterPublish = afterPublish;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchIdBoxed) {
    long batchId = batchIdBoxed;
    long started = System.nanoTime();
    // Cached because every output below is computed from it and the source must be read once (Kinesis).
    Dataset<Row> records = spread(batch).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> envelope = decoder.envelope(records).persist(StorageLevel.MEMORY_AND_DISK());
    List<Dataset<Row>> cached = new ArrayList<>(List.of(records, envelope));
    try {
      BatchCounts counts = publish(envelope, batchId, cached, started);
      afterPublish.accept(counts);
      totals.add(counts);
      LOG.info(counts.describe());
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  private BatchCounts publish(Dataset<Row> envelope, long batchId, List<Dataset<Row>> cached, long started) {
    Map<String, Long> byKind = new HashMap<>();
    Map<String, Long> dataByTable = new HashMap<>();
    Map<String, Long> quarantinedByReason = new LinkedHashMap<>();
    long recordsIn = 0;
    for (Row r : envelope.groupBy(Envelope.KIND, Envelope.SCHEMA, Envelope.TABLE, Envelope.REASON).count()
        .collectAsList()) {
      String kind = r.getString(0);
      long n = r.getLong(4);
      recordsIn += n;
      byKind.merge(kind, n, Long::sum);
      if (Envelope.KIND_DATA.equals(kind)) {
        dataByTable.merge(r.getString(1) + "." + r.getString(2), n, Long::sum);
      } else if (Envelope.KIND_QUARANTINE.equals(kind)) {
        quarantinedByReason.merge(r.getString(3), n, Long::sum);
      }
    }

    BatchPublisher publisher = new BatchPublisher(
        envelope.sparkSession().sparkContext().hadoopConfiguration(), manifestDir(), batchId);
    publisher.rollBackEarlierAttempt();

    Map<String, Long> rowsWritten = new LinkedHashMap<>();
    List<Dataset<Row>> quarantine = new ArrayList<>();
    if (!quarantinedByReason.isEmpty()) {
      quarantine.add(decoder.quarantined(envelope, batchId));
    }
    for (TableContract table : decoder.tables()) {
      if (dataByTable.getOrDefault(table.sourceId(), 0L) == 0) {
        continue;
      }
      Dataset<Row> typed = decoder.typed(envelope, table, batchId).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(typed);
      long rejected = typed.where(size(col(BatchDecoder.problemsColumn())).gt(0)).count();
      long valid = dataByTable.get(table.sourceId()) - rejected;
      if (valid > 0) {
        publisher.stage(paths.rawTable(table), decoder.rows(typed, table), RawColumns.PARTITIONS);
        rowsWritten.put(table.sourceId(), valid);
      }
      if (rejected > 0) {
        Dataset<Row> rejects = decoder.rejected(typed, batchId);
        for (Row r : rejects.groupBy(Quarantine.REASON).count().collectAsList()) {
          quarantinedByReason.merge(r.getString(0), r.getLong(1), Long::sum);
        }
        quarantine.add(rejects);
      }
    }
    if (!quarantine.isEmpty()) {
      publisher.stage(paths.quarantine(STAGE),
          quarantine.stream().reduce(Dataset::unionByName).orElseThrow(), RawColumns.PARTITIONS);
    }
    long control = byKind.getOrDefault(Envelope.KIND_CONTROL, 0L);
    if (control > 0) {
      publisher.stage(paths.rawControl(), decoder.control(envelope, batchId), RawColumns.PARTITIONS);
    }
    publisher.publish();
    return new BatchCounts(batchId, recordsIn, rowsWritten, quarantinedByReason, control,
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * A Kinesis shard or a replay file arrives as one input partition, so decoding would use one core per shard
   * (or file); when there are fewer partitions than cores, spread the records first. Decoding JSON costs far
   * more than the shuffle.
   */
  private static Dataset<Row> spread(Dataset<Row> batch) {
    int cores = batch.sparkSession().sparkContext().defaultParallelism();
    return batch.rdd().getNumPartitions() < cores ? batch.repartition(cores) : batch;
  }

  /** Where batch manifests live: beside the query checkpoint, so they share its lifetime. */
  String manifestDir() {
    return paths.checkpoint(STAGE) + "/published";
  }

  /** Totals since this writer was created (one query run). */
  public IngestReport report() {
    return totals.report();
  }

  private static final class Totals {
    private long batches;
    private long recordsIn;
    private final Map<String, Long> rows = new LinkedHashMap<>();
    private final Map<String, Long> quarantined = new LinkedHashMap<>();
    private long control;

    synchronized void add(BatchCounts c) {
      batches++;
      recordsIn += c.recordsIn();
      c.rowsWritten().forEach((k, v) -> rows.merge(k, v, Long::sum));
      c.quarantined().forEach((k, v) -> quarantined.merge(k, v, Long::sum));
      control += c.controlRecords();
    }

    synchronized IngestReport report() {
      long q = quarantined.values().stream().mapToLong(Long::longValue).sum();
      return new IngestReport(batches, recordsIn, rows, q, quarantined, control);
    }
  }
}
