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
import io.cdclake.ingest.decode.DecodeTally;
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
 * append of every table's rows to the raw Delta table, and an append to the quarantine Delta table only when the
 * batch has quarantined records. The first batch of a run (or one that may be a replay) is decoded into a cached
 * batch and counted before it is written; every later batch is decoded by the write itself, in one Spark job, and
 * counted as it is decoded, its write laid out from the previous batch's rows per table.
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
  /** Spark's limit of files a write task keeps open at once instead of sorting its rows by partition first. */
  private static final String CONCURRENT_WRITERS = "spark.sql.maxConcurrentOutputFileWriters";
  /** Tables per task up to which the raw append writes unsorted (an open Parquet writer holds its pages). */
  static final long MAX_CONCURRENT_WRITERS = 16;
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
  /** Rows per table of the batch this writer last published, which lays out the next one's write; null if none. */
  private transient Map<String, Long> lastRowsPerTable;
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
    Map<String, Long> layoutHint = mayBeReplay ? null : lastRowsPerTable;
    trustedNextBatch = -1; // until this call ends normally: a failure below may leave an append behind
    lastRowsPerTable = null;
    BatchCounts counts = layoutHint == null
        ? publishCounted(batch, batchId, queryId, started, mayBeReplay)
        : publishInOnePass(batch, batchId, queryId, started, layoutHint);
    afterPublish.accept(counts);
    totals.add(counts);
    LOG.info(counts.describe());
    metrics.emit(Map.of("Job", STAGE), counts.metrics(), Instant.now());
    // A batch with no rows says nothing of the next one's tables: that one is counted first.
    lastRowsPerTable = counts.rowsWritten().isEmpty() ? null : counts.rowsWritten();
    trustedNextBatch = batchId + 1;
  }

  /**
   * The first batch of a run, or one that may be a replay: decoded once into a cached batch and counted before
   * anything is written, so the write is laid out from this batch's own rows per table and a batch with nothing for
   * a zone writes nothing there.
   */
  private BatchCounts publishCounted(Dataset<Row> batch, long batchId, String queryId, long started,
      boolean mayBeReplay) {
    // Cached because the counts and the writes below read it, and the source is read once.
    Dataset<Row> decoded = decoder.decode(spread(batch)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<DecodeTally.Key, Long> tally = new HashMap<>();
      Column d = col(BatchDecoder.DECODED);
      for (Row r : decoded.groupBy(d.getField("kind"), d.getField("schema_name"), d.getField("table_name"),
          d.getField("reason")).count().collectAsList()) {
        tally.put(new DecodeTally.Key(r.getString(0), r.getString(1), r.getString(2), r.getString(3)), r.getLong(4));
      }
      Tallied t = new Tallied(tally);
      PhaseTimes phases = PhaseTimes.startedAt(started);
      phases.end("decode");
      if (!t.rowsWritten.isEmpty() || t.control > 0) {
        appendRaw(decoded, batchId, queryId, mayBeReplay, t.rowsWritten);
        phases.end("raw");
      }
      if (!t.quarantined.isEmpty()) {
        appendQuarantine(decoded, batchId, queryId, mayBeReplay);
        phases.end("quarantine");
      }
      return t.counts(batchId, started, phases);
    } finally {
      decoded.unpersist();
    }
  }

  /**
   * A batch that follows one this writer published: decoded as it is written, in one Spark job, and counted by
   * the decoding tasks ({@link DecodeTally}). The write is laid out from the previous batch's rows per table, which
   * a stream's next 30 seconds resemble; a batch that differs (a full load starting) is laid out from its own
   * counts from the next batch on. Without a shuffle, rows are written where they were decoded, so a table
   * larger than the hint said is spread over the input's partitions, never held on one task. Quarantined records
   * are rare: when there are any, the batch is decoded again to write them (the source's batch is re-read).
   */
  private BatchCounts publishInOnePass(Dataset<Row> batch, long batchId, String queryId, long started,
      Map<String, Long> layoutHint) {
    SparkSession spark = batch.sparkSession();
    DecodeTally tally = DecodeTally.register(spark.sparkContext(), "cdclake ingest batch " + batchId);
    PhaseTimes phases = PhaseTimes.startedAt(started);
    appendRaw(decoder.decode(spread(batch), tally), batchId, queryId, false, layoutHint);
    phases.end("raw");
    Tallied t = new Tallied(tally.value());
    if (!t.quarantined.isEmpty()) {
      appendQuarantine(decoder.decode(spread(batch)), batchId, queryId, false);
      phases.end("quarantine");
    }
    return t.counts(batchId, started, phases);
  }

  private void appendRaw(Dataset<Row> decoded, long batchId, String queryId, boolean mayBeReplay,
      Map<String, Long> rowsPerTable) {
    SparkSession spark = decoded.sparkSession();
    if (!rawTableChecked) {
      RawTableProperties.ensure(spark, paths.rawChanges());
      rawTableChecked = true;
    }
    BatchMarker marker = new BatchMarker(queryId, batchId);
    if (!(mayBeReplay && replayed(marker, spark, paths.rawChanges()))) {
      appendStreaming(decoder.raw(decoded, batchId), paths.rawChanges(), rowsPerTable, marker.writeOptions());
    }
  }

  private void appendQuarantine(Dataset<Row> decoded, long batchId, String queryId, boolean mayBeReplay) {
    SparkSession spark = decoded.sparkSession();
    BatchMarker marker = new BatchMarker(queryId + "/quarantine", batchId);
    if (!(mayBeReplay && replayed(marker, spark, paths.quarantine(STAGE)))) {
      append(decoder.quarantined(decoded, batchId), paths.quarantine(STAGE), RawColumns.DAYS, Map.of(),
          marker.writeOptions());
    }
  }

  /** A batch's decoded records by kind, table and reason, as the counts of the log and the report. */
  private static final class Tallied {
    final Map<String, Long> rowsWritten = new LinkedHashMap<>();
    final Map<String, Long> quarantined = new LinkedHashMap<>();
    long recordsIn;
    long control;

    Tallied(Map<DecodeTally.Key, Long> tally) {
      tally.forEach((k, n) -> {
        recordsIn += n;
        if (DecodedRecord.Kind.DATA.code().equals(k.kind())) {
          rowsWritten.merge(k.schemaName() + "." + k.tableName(), n, Long::sum);
        } else if (DecodedRecord.Kind.QUARANTINE.code().equals(k.kind())) {
          quarantined.merge(k.reason(), n, Long::sum);
        } else if (DecodedRecord.Kind.CONTROL.code().equals(k.kind())) {
          control += n;
        }
      });
    }

    BatchCounts counts(long batchId, long started, PhaseTimes phases) {
      return new BatchCounts(batchId, recordsIn, rowsWritten, quarantined, control,
          (System.nanoTime() - started) / 1_000_000, phases.millis());
    }
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
    append(rows, path, partitionBy, idempotency, layout(rows, rowsPerTable));
  }

  private static WriteLayout layout(Dataset<Row> rows, Map<String, Long> rowsPerTable) {
    int cores = rows.sparkSession().sparkContext().defaultParallelism();
    return WriteLayout.of(rowsPerTable, cores, rows.rdd().getNumPartitions());
  }

  /**
   * The raw append of the ingest query. When each task writes few tables, its rows are written as they come, one
   * open file per table, instead of being sorted by partition first (what Spark does for a partitioned write: a
   * copy and a sort of every row of the batch). Spark's concurrent writers do that; they are a SQL setting, set
   * here on the query's own session (Spark clones one per streaming query, and its batches run one at a time)
   * around this append only. Past the limit (more tables in a task than the layout expected) Spark sorts the rest
   * as before.
   */
  private static void appendStreaming(Dataset<Row> rows, String path, Map<String, Long> rowsPerTable,
      Map<String, String> idempotency) {
    SparkSession session = rows.sparkSession();
    WriteLayout layout = layout(rows, rowsPerTable);
    long writers = layout.tablesPerTask();
    if (rowsPerTable.isEmpty() || writers > MAX_CONCURRENT_WRITERS) {
      append(rows, path, RawColumns.PARTITIONS, idempotency, layout);
      return;
    }
    String before = session.conf().get(CONCURRENT_WRITERS, "0");
    // Twice the tables: a batch that spans midnight writes two days of a table.
    session.conf().set(CONCURRENT_WRITERS, Long.toString(2 * writers));
    try {
      append(rows, path, RawColumns.PARTITIONS, idempotency, layout);
    } finally {
      session.conf().set(CONCURRENT_WRITERS, before);
    }
  }

  private static void append(Dataset<Row> rows, String path, List<String> partitionBy,
      Map<String, String> idempotency, WriteLayout layout) {
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
    // By a hash of the stream sequence, unique per record: as even as round robin, and the same rows land in the
    // same partition when a task is retried without the sort Spark puts before a round-robin shuffle for that.
    return batch.rdd().getNumPartitions() < cores
        ? batch.repartition(cores, col(io.cdclake.ingest.source.SourceColumns.STREAM_SEQUENCE)) : batch;
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
