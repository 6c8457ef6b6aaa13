package io.cdclake.bench;

import static io.cdclake.bench.report.ResultTable.col;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.substring;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.FillerColumns;
import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.bench.report.ResultTable;
import io.cdclake.common.dms.DmsFields;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.ingest.IngestJob;
import io.cdclake.ingest.IngestReport;
import io.cdclake.ingest.source.Sources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the number of source tables costs ingest: the same records (same count per micro-batch, same width)
 * spread over 1, 50, 200, 1,000 tables, through the real {@link IngestJob} and, in the same JVM on the same input
 * files, through a minimal one-job baseline: {@code spark.read().text}, {@code from_json} of the envelope, one
 * snappy Parquet dataset partitioned by schema, table and day, appended one micro-batch's files at a time.
 *
 * <p>The baseline is what a team would write first and does none of the pipeline's work (no stream sequence, no
 * PCI protection, no quarantine, no control records, no exactly-once commit); it shows what the pipeline's work
 * costs on top of reading and writing the bytes, and whether that cost grows with the table count.
 */
final class TablesBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(TablesBenchmark.class);
  /** Keys per synthetic table: large enough that most changes of a short run are inserts and updates. */
  static final int KEY_SPACE = 100_000;

  /** The DMS envelope as the baseline reads it: row image as text, metadata fields as strings. */
  static final StructType ENVELOPE = new StructType()
      .add(DmsFields.DATA, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
      .add(DmsFields.METADATA, metadataStruct(), true);

  /**
   * @param tableCounts    source table counts, one case each
   * @param columns        data columns per record
   * @param recordsPerBatch records per micro-batch, whatever the table count
   * @param batches        micro-batches per case (the first is not counted)
   * @param filesPerBatch  input files per micro-batch
   */
  record Settings(List<Integer> tableCounts, int columns, int recordsPerBatch, int batches, int filesPerBatch) {
    int recordsPerFile() {
      return recordsPerBatch / filesPerBatch;
    }

    long records() {
      return (long) recordsPerBatch * batches;
    }
  }

  /**
   * One table count.
   *
   * @param tables        source tables the records were spread over
   * @param ours          the ingest job's micro-batches, in order (duration: Spark's {@code triggerExecution})
   * @param baseline      the baseline's batches, in order (duration: wall time of the read-parse-write job)
   * @param ourFiles      data files of the raw Delta table afterwards
   * @param baselineFiles Parquet files the baseline wrote
   * @param ourBytes      bytes of the raw Delta table, log included
   * @param baselineBytes bytes of the baseline's dataset
   */
  record Result(int tables, List<IngestProbe.Batch> ours, List<IngestProbe.Batch> baseline, long ourFiles,
      long baselineFiles, long ourBytes, long baselineBytes) {
    double ourMedianSeconds() {
      return medianSeconds(ours);
    }

    double baselineMedianSeconds() {
      return medianSeconds(baseline);
    }

    double ourRecordsPerSecond() {
      return recordsPerSecond(ours);
    }

    double baselineRecordsPerSecond() {
      return recordsPerSecond(baseline);
    }

    long records() {
      return ours.stream().mapToLong(IngestProbe.Batch::records).sum();
    }
  }

  private TablesBenchmark() {}

  static String label(int tables) {
    return String.format(Locale.ROOT, "%,d table%s", tables, tables == 1 ? "" : "s");
  }

  static Result run(BenchContext ctx, Settings s, int tableCount) throws IOException {
    return run(ctx, s, tableCount, "tables-" + tableCount);
  }

  /**
   * A discarded 1-table case before the measured ones: the JIT compiles the decode and the Parquet writer for both
   * jobs, so the first measured case does not pay for it in our batches only (the baseline always runs after ours).
   */
  static void warmUp(BenchContext ctx, Settings s) throws IOException {
    run(ctx, new Settings(List.of(1), s.columns(), s.recordsPerBatch(), Math.min(4, s.batches()), s.filesPerBatch()),
        1, "tables-warm-up");
  }

  private static Result run(BenchContext ctx, Settings s, int tableCount, String name) throws IOException {
    FillerColumns filler = FillerColumns.toWidth(s.columns());
    List<TableLoad> loads = IntStream.rangeClosed(1, tableCount)
        .mapToObj(i -> new TableLoad(new SyntheticTable("bench", String.format(Locale.ROOT, "t%05d", i), KEY_SPACE),
            1, 0))
        .toList();
    List<BenchTable> tables = loads.stream().map(l -> BenchTable.of(l.table(), false, filler)).toList();
    BenchLake lake = BenchLake.create(ctx.caseDir(name), tables, new IngestSource.Files(), 30, s.filesPerBatch());
    ChangeSource source = new ChangeSource(loads, ctx.mix(), ctx.seed(), Instant.now(),
        PartitionKeyMode.PRIMARY_KEY, filler);
    LOG.info("{}: writing {} records of {} data columns over {} tables, {} per micro-batch in {} files", name,
        s.records(), s.columns(), tableCount, s.recordsPerBatch(), s.filesPerBatch());
    RecordFiles.write(lake.input(), source, s.records(), s.recordsPerFile());

    LOG.info("{}: ingest", name);
    IngestProbe probe = new IngestProbe();
    IngestJob.Running running = IngestJob.launch(ctx.spark(), lake.config(), ctx.hashKey(),
        Sources.of(lake.config().ingest(), lake.config().sourceFile()), Trigger.AvailableNow(), probe);
    IngestReport report = IngestJob.runToEnd(running);
    if (report.recordsIn() != s.records() || report.quarantined() > 0) {
      throw new IllegalStateException(name + ": ingest read " + report.recordsIn() + " of " + s.records()
          + " records and quarantined " + report.quarantined() + "; the figures would be wrong");
    }
    List<IngestProbe.Batch> ours = probe.batches(running.query());
    requireEvenBatches(name + " ingest", ours, s);

    LOG.info("{}: baseline", name);
    Path out = ctx.caseDir(name).resolve("baseline");
    List<List<String>> groups = batchFiles(inputFiles(lake.input()), s.filesPerBatch());
    List<IngestProbe.Batch> baseline = new ArrayList<>();
    for (int b = 0; b < groups.size(); b++) {
      long start = System.nanoTime();
      appendBaseline(ctx.spark(), groups.get(b), out.toString());
      baseline.add(new IngestProbe.Batch(b, (System.nanoTime() - start) / 1_000_000, s.recordsPerBatch()));
    }
    requireEvenBatches(name + " baseline", baseline, s);

    Path raw = lake.rawChangesDir();
    Result r = new Result(tableCount, ours, baseline, countFiles(raw, ".parquet"), countFiles(out, ".parquet"),
        LakeMeasures.directoryBytes(raw), LakeMeasures.directoryBytes(out));
    LOG.info("{}: ours median batch {} s, baseline {} s", name, String.format(Locale.ROOT, "%.2f",
        r.ourMedianSeconds()), String.format(Locale.ROOT, "%.2f", r.baselineMedianSeconds()));
    return r;
  }

  private static void requireEvenBatches(String what, List<IngestProbe.Batch> batches, Settings s) {
    if (batches.size() != s.batches()
        || batches.stream().anyMatch(b -> b.records() != s.recordsPerBatch())) {
      throw new IllegalStateException(what + ": expected " + s.batches() + " micro-batches of "
          + s.recordsPerBatch() + " records, got " + batches.stream().map(IngestProbe.Batch::records).toList()
          + "; batch times would not compare");
    }
  }

  /**
   * The baseline for one micro-batch's files: read the JSON lines, parse the envelope, append them to one
   * Parquet dataset partitioned by schema, table and the day of the DMS timestamp.
   */
  static void appendBaseline(SparkSession spark, List<String> files, String out) {
    Column metadata = col("r").getField(DmsFields.METADATA);
    Column ts = metadata.getField(DmsFields.TIMESTAMP);
    spark.read().text(files.toArray(String[]::new))
        .select(from_json(col("value"), ENVELOPE).as("r"))
        .select(col("r").getField(DmsFields.DATA).as("data"), metadata.as("metadata"),
            metadata.getField(DmsFields.SCHEMA_NAME).as("schema"),
            metadata.getField(DmsFields.TABLE_NAME).as("table"),
            substring(ts, 1, 4).as("year"), substring(ts, 6, 2).as("month"), substring(ts, 9, 2).as("day"))
        .write()
        .mode(SaveMode.Append)
        .option("compression", "snappy")
        .partitionBy("schema", "table", "year", "month", "day")
        .parquet(out);
  }

  /** The input files in write order (their names sort that way). */
  static List<String> inputFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(Path::toString).filter(f -> f.endsWith(".jsonl")).sorted().toList();
    }
  }

  /** Consecutive groups of {@code perBatch} files, the last one possibly smaller. */
  static List<List<String>> batchFiles(List<String> files, int perBatch) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i += perBatch) {
      out.add(List.copyOf(files.subList(i, Math.min(files.size(), i + perBatch))));
    }
    return out;
  }

  /** The batches that count: all but the first (query start, table creation, JIT), unless there is only one. */
  static List<IngestProbe.Batch> steady(List<IngestProbe.Batch> batches) {
    return batches.size() > 1 ? batches.subList(1, batches.size()) : batches;
  }

  /** Median duration of the steady batches, seconds; NaN when there are none. */
  static double medianSeconds(List<IngestProbe.Batch> batches) {
    List<Long> d = steady(batches).stream().map(IngestProbe.Batch::durationMs).sorted().toList();
    if (d.isEmpty()) {
      return Double.NaN;
    }
    int n = d.size();
    double ms = n % 2 == 1 ? d.get(n / 2) : (d.get(n / 2 - 1) + d.get(n / 2)) / 2.0;
    return ms / 1000.0;
  }

  /** Records of the steady batches over the time spent in them; NaN when there are none. */
  static double recordsPerSecond(List<IngestProbe.Batch> batches) {
    List<IngestProbe.Batch> st = steady(batches);
    long ms = st.stream().mapToLong(IngestProbe.Batch::durationMs).sum();
    long records = st.stream().mapToLong(IngestProbe.Batch::records).sum();
    return ms == 0 ? Double.NaN : records * 1000.0 / ms;
  }

  /** The results as one table, ratios against the one-table case of the same run (none when it was not run). */
  static ResultTable table(List<Result> results, Settings s) {
    ResultTable t = new ResultTable("Ingest cost by number of source tables, beside a minimal baseline job", List.of(
        col("tables", ""), col("our median batch", "s"), col("baseline median batch", "s"),
        col("our throughput", "records/s"), col("baseline throughput", "records/s"),
        col("throughput ours/baseline", ""), col("our batch vs 1 table", "x"),
        col("baseline batch vs 1 table", "x"), col("our data files", ""), col("baseline data files", ""),
        col("raw bytes/record", "B"), col("baseline bytes/record", "B")));
    Result one = results.stream().filter(r -> r.tables() == 1).findFirst().orElse(null);
    for (Result r : results) {
      double records = Math.max(1, r.records());
      t.row(label(r.tables()), r.tables(), r.ourMedianSeconds(), r.baselineMedianSeconds(),
          r.ourRecordsPerSecond(), r.baselineRecordsPerSecond(),
          r.ourRecordsPerSecond() / r.baselineRecordsPerSecond(),
          one == null ? null : r.ourMedianSeconds() / one.ourMedianSeconds(),
          one == null ? null : r.baselineMedianSeconds() / one.baselineMedianSeconds(),
          r.ourFiles(), r.baselineFiles(), r.ourBytes() / records, r.baselineBytes() / records);
    }
    t.note(String.format(Locale.ROOT, "per table count: %d micro-batches of %,d records (%d files of %,d), the"
            + " first not counted; records of %d data columns spread evenly over the tables", s.batches(),
            s.recordsPerBatch(), s.filesPerBatch(), s.recordsPerFile(), s.columns()))
        .note("ours: IngestJob, files source, available-now, batch = the micro-batch's triggerExecution (listing,"
            + " decode, PCI protection, one idempotent Delta append, commit)")
        .note("baseline: the same files one micro-batch at a time, after ours in the same JVM: spark.read.text,"
            + " from_json(data map<string,string>, metadata struct of strings), snappy Parquet append partitioned"
            + " by schema/table/year/month/day; batch = wall time of that job")
        .note("median over the counted batches; throughput = their records / their total time;"
            + " x vs 1 table = median batch / median batch of the 1-table case")
        .note("before the first case, a discarded 1-table case of 4 micro-batches warms the JIT for both jobs");
    return t;
  }

  static StructType metadataStruct() {
    StructType md = new StructType();
    for (String f : List.of(DmsFields.TIMESTAMP, DmsFields.RECORD_TYPE, DmsFields.OPERATION,
        DmsFields.PARTITION_KEY_TYPE, DmsFields.SCHEMA_NAME, DmsFields.TABLE_NAME, DmsFields.TRANSACTION_ID,
        DmsFields.PREVIOUS_TRANSACTION_ID, DmsFields.TRANSACTION_RECORD_ID, DmsFields.COMMIT_TIMESTAMP,
        DmsFields.STREAM_POSITION)) {
      md = md.add(f, DataTypes.StringType, true);
    }
    return md;
  }

  /** Files under {@code dir} whose names end with {@code suffix}, hidden directories (the Delta log) excluded. */
  static long countFiles(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> !dir.relativize(p).toString().contains("_delta_log"))
          .count();
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("cannot count files under " + dir + ": " + e.getMessage(), e);
    }
  }
}
