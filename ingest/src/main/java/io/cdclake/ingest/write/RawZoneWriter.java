package io.cdclake.ingest.write;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.pmod;

import io.cdclake.common.metrics.EmfLogSink;
import io.cdclake.common.metrics.MetricsSink;
import io.cdclake.common.metrics.PhaseTimes;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.ingest.IngestReport;
import io.cdclake.ingest.decode.BatchDecoder;
import io.cdclake.ingest.decode.DecodedRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code foreachBatch} sink of the ingest query. Per micro-batch, whatever the number of tables in it: one
 * decode pass (cached, counted in one aggregate), one append of every table's rows to the raw Delta table, and an
 * append to the quarantine Delta table only when the batch has quarantined records.
 *
 * <p>Exactly once: each append carries a {@link BatchMarker} (query id, which survives restarts in the checkpoint,
 * and batch id); a batch replayed after a crash between an append and Spark's commit of the batch finds its marker
 * on the table's latest ingest commit and skips that append, table by table. Nothing is staged, renamed or copied
 * on S3. Runs on the driver, so it also keeps the running totals of the query.
 */
public final class RawZoneWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RawZoneWriter.class);
  public static final String STAGE = "ingest";
  /** Spark sets this local property, the query's id that survives restarts, on the thread that runs batches. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
  private final transient BatchDecoder decoder;
  private final transient LakePaths paths;
  private final transient Consumer<BatchCounts> afterPublish;
  private final transient MetricsSink metrics;
  private final transient Totals totals = new Totals();
  /**
   * The batch id that cannot be a replay: the one after the batch this writer last saw through to the end. Spark
   * replays only a batch that a previous run (or a failed call) left uncommitted, so a batch that follows a fully
   * published one in the same run skips the history lookup, which costs several small Spark jobs per batch.
   */
  private transient long trustedNextBatch = -1;
  /** Whether this run has checked the raw table's properties (once, before its first append). */
  private transient boolean rawTableChecked;

  /**
   * @param afterPublish called with the batch's counts once its rows are committed to the raw zone and before
   *                     Spark commits the batch; tests use it to simulate a crash in that window
   */
  public RawZoneWriter(BatchDecoder decoder, LakePaths paths, Consumer<BatchCounts> afterPublish) {
    this(decoder, paths, afterPublish, new EmfLogSink());
  }

  /** @param metrics where each published batch's figures go ({@code Job=ingest}) */
  public RawZoneWriter(BatchDecoder decoder, LakePaths paths, Consumer<BatchCounts> afterPublish,
      MetricsSink metrics) {
    this.decoder = decoder;
    this.paths = paths;
    this.afterPublish = afterPublish;
    this.metrics = metrics;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchIdBoxed) {
    long batchId = batchIdBoxed;
    long started = System.nanoTime();
    String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    if (queryId == null) {
      throw new IllegalStateException("no streaming query id on the batch thread; cannot make the raw-zone"
          + " append idempotent");
    }
    boolean mayBeReplay = batchId != trustedNextBatch;
    trustedNextBatch = -1; // until this call ends normally: a failure below may leave an append behind
    // Cached because the counts and the writes below read it, and the source must be read once (Kinesis).
    Dataset<Row> decoded = decoder.decode(spread(batch)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      BatchCounts counts = publish(decoded, batchId, queryId, started, mayBeReplay);
      afterPublish.accept(counts);
      totals.add(counts);
      LOG.info(counts.describe());
      metrics.emit(Map.of("Job", STAGE), counts.metrics(), Instant.now());
    } finally {
      decoded.unpersist();
    }
    trustedNextBatch = batchId + 1;
  }

  private BatchCounts publish(Dataset<Row> decoded, long batchId, String queryId, long started,
      boolean mayBeReplay) {
    Map<String, Long> rowsWritten = new LinkedHashMap<>();
    Map<String, Long> quarantinedByReason = new LinkedHashMap<>();
    Map<String, Long> byKind = new HashMap<>();
    long recordsIn = 0;
    Column d = col(BatchDecoder.DECODED);
    for (Row r : decoded.groupBy(d.getField("kind"), d.getField("schema_name"), d.getField("table_name"),
        d.getField("reason")).count().collectAsList()) {
      String kind = r.getString(0);
      long n = r.getLong(4);
      recordsIn += n;
      byKind.merge(kind, n, Long::sum);
      if (DecodedRecord.Kind.DATA.code().equals(kind)) {
        rowsWritten.merge(r.getString(1) + "." + r.getString(2), n, Long::sum);
      } else if (DecodedRecord.Kind.QUARANTINE.code().equals(kind)) {
        quarantinedByReason.merge(r.getString(3), n, Long::sum);
      }
    }
    PhaseTimes phases = PhaseTimes.startedAt(started);
    phases.end("decode");
    long control = byKind.getOrDefault(DecodedRecord.Kind.CONTROL.code(), 0L);
    SparkSession spark = decoded.sparkSession();
    if (!rowsWritten.isEmpty() || control > 0) {
      if (!rawTableChecked) {
        RawTableProperties.ensure(spark, paths.rawChanges());
        rawTableChecked = true;
      }
      BatchMarker marker = new BatchMarker(queryId, batchId);
      if (!(mayBeReplay && replayed(marker, spark, paths.rawChanges()))) {
        append(decoder.raw(decoded, batchId), paths.rawChanges(), RawColumns.PARTITIONS, rowsWritten,
            marker.writeOptions());
      }
      phases.end("raw");
    }
    if (!quarantinedByReason.isEmpty()) {
      BatchMarker marker = new BatchMarker(queryId + "/quarantine", batchId);
      if (!(mayBeReplay && replayed(marker, spark, paths.quarantine(STAGE)))) {
        append(decoder.quarantined(decoded, batchId), paths.quarantine(STAGE), RawColumns.DAYS, Map.of(),
            marker.writeOptions());
      }
      phases.end("quarantine");
    }
    return new BatchCounts(batchId, recordsIn, rowsWritten, quarantinedByReason, control,
        (System.nanoTime() - started) / 1_000_000, phases.millis());
  }

  private static boolean replayed(BatchMarker marker, SparkSession spark, String path) {
    if (marker.committed(spark, path)) {
      LOG.warn("ingest batch {} was already appended to {} by an earlier attempt; not appending it again", marker,
          path);
      return true;
    }
    return false;
  }

  /**
   * One idempotent Delta append of {@code rows}, spread over tasks and files as {@link WriteLayout} decides from
   * the batch's rows per table.
   *
   * @param rowsPerTable rows of each {@code source_table} value in {@code rows} (tables absent count as small)
   * @param idempotency  the writer options that make the append exactly once (a marker, or Delta's txn options)
   */
  public static void append(Dataset<Row> rows, String path, List<String> partitionBy, Map<String, Long> rowsPerTable,
      Map<String, String> idempotency) {
    int cores = rows.sparkSession().sparkContext().defaultParallelism();
    WriteLayout layout = WriteLayout.of(rowsPerTable, cores, rows.rdd().getNumPartitions());
    Dataset<Row> laidOut = rows;
    if (layout.shuffle()) {
      List<Column> keys = new ArrayList<>();
      partitionBy.forEach(c -> keys.add(col(c)));
      if (!layout.splits().isEmpty() && partitionBy.contains(RawColumns.SOURCE_TABLE)) {
        List<Column> splits = new ArrayList<>();
        layout.splits().forEach((table, parts) -> {
          splits.add(lit(table));
          splits.add(lit(parts));
        });
        Column parts = coalesce(element_at(map(splits.toArray(Column[]::new)), col(RawColumns.SOURCE_TABLE)),
            lit(1L));
        keys.add(pmod(hash(col(RawColumns.STREAM_SEQUENCE)), parts));
      }
      laidOut = rows.repartition(layout.tasks(), keys.toArray(Column[]::new));
    }
    laidOut.write()
        .format("delta")
        .mode(SaveMode.Append)
        .options(idempotency)
        // A table property: applies when this append creates the table (replay-quarantine on an empty lake).
        .option(RawTableProperties.STATS_COLUMNS, RawSchema.STATS_COLUMNS)
        .partitionBy(partitionBy.toArray(String[]::new))
        .save(path);
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
