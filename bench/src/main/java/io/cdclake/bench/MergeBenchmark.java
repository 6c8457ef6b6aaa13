package io.cdclake.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.curate.CurateOptions;
import io.cdclake.curate.TableReport;
import io.delta.tables.DeltaTable;
import io.cdclake.common.raw.RawColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Curate's merge cost against curated tables of growing size: the same number of generated changes applied to a
 * table of N rows, with copy-on-write and with deletion vectors.
 *
 * <p>Each case builds its table in three steps. A seed full load goes through the real pipeline (generator →
 * files → ingest → curate), which creates the table with curate's own schema, properties and metadata. The table
 * is then grown to N rows by appending generated rows with Spark (keys 1..N not in the seed, values varied per key,
 * metadata copied from a seed row, so every change sorts after them), in files clustered by key as a table loaded
 * in key order would be. Finally the change batch goes through ingest, and the curate run that merges it is
 * timed. Pushing millions of rows through JSON and ingest would only measure ingest again.
 *
 * <p>Beside the curate run, its peers ({@link MergePeer}) do the same work on the same changes and starting rows
 * in the same JVM: a plain Delta MERGE before it, Hudi upserts after it.
 */
final class MergeBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(MergeBenchmark.class);
  /** Rows per file of the grown table. */
  private static final long ROWS_PER_FILE = 250_000;
  private static final List<String> STATUSES = List.of("new", "authorized", "settled", "refunded", "voided");

  /**
   * @param tableRows        rows in the table before the merge
   * @param deletionVectors  merge mode
   * @param changes          raw changes merged
   * @param curateSeconds    wall time of the curate run that merged them
   * @param mergeSeconds     Delta's own execution time of the MERGE commit(s)
   * @param bytesWritten     bytes added under the table directory by that run (data, deletion vectors, log)
   * @param filesAdded       data files the merge added
   * @param filesRemoved     data files the merge removed (rewritten)
   * @param rowsCopied       unchanged rows rewritten (copy-on-write's price)
   * @param dvsAdded         deletion vectors written
   * @param applied          inserts + updates + deletes
   * @param hotKeys          keys the changes fall on (the lowest ones), or the whole table
   * @param rowsAfter        rows of the curated table after the merge
   * @param plain            a plain Delta MERGE of the same changes, deduplicated, into a copy of the same table;
   *                         null when the delta peer was not asked for
   * @param hudi             Hudi upserts of the same changes into tables loaded with the same rows; null when the
   *                         hudi peer was not asked for
   */
  record Result(long tableRows, boolean deletionVectors, long changes, double curateSeconds, double mergeSeconds,
      long bytesWritten, long filesAdded, long filesRemoved, long rowsCopied, long dvsAdded, long applied,
      long hotKeys, long rowsAfter, PlainMerge.Result plain, HudiUpsertBaseline.Result hudi) {
    Double plainSeconds() {
      return plain == null ? null : plain.seconds();
    }

    Long plainRowsCopied() {
      return plain == null ? null : plain.rowsCopied();
    }

    Double hudiCowSeconds() {
      return hudi == null ? null : hudi.cowSeconds();
    }

    Double hudiMorSeconds() {
      return hudi == null ? null : hudi.morSeconds();
    }

    /** The curate run's time over the plain MERGE's (null when it did not run). */
    Double vsPlain() {
      return ratio(plainSeconds());
    }

    Double vsHudiCow() {
      return ratio(hudiCowSeconds());
    }

    Double vsHudiMor() {
      return ratio(hudiMorSeconds());
    }

    private Double ratio(Double peerSeconds) {
      return peerSeconds == null ? null : curateSeconds / peerSeconds;
    }

    double rowsCopiedShare() {
      return rowsCopied / (double) tableRows;
    }

    double changesPerSecond() {
      return changes / curateSeconds;
    }

    double bytesPerChange() {
      return changes == 0 ? Double.NaN : bytesWritten / (double) changes;
    }

    String mode() {
      return deletionVectors ? "deletion vectors" : "copy-on-write";
    }
  }

  private MergeBenchmark() {}

  /**
   * @param hotKeys the changes' key space, the table's lowest keys (as an identity key's newest rows take most
   *                changes); 0 spreads them over the whole table
   */
  static Result run(BenchContext ctx, long tableRows, boolean deletionVectors, int changes, long hotKeys,
      Set<MergePeer> peers) throws IOException {
    if (tableRows > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("table size " + tableRows + " exceeds the generator's key space");
    }
    long keySpace = hotKeys > 0 ? Math.min(hotKeys, tableRows) : tableRows;
    String name = "merge-" + tableRows + (deletionVectors ? "-dv" : "-cow") + (hotKeys > 0 ? "-hot" : "");
    SyntheticTable synthetic = new SyntheticTable("bench", "merge_target", (int) keySpace);
    BenchTable table = BenchTable.of(synthetic, deletionVectors);
    BenchLake lake = BenchLake.create(ctx.caseDir(name), List.of(table), new IngestSource.Files(), 30, 1000);
    int seedRows = (int) Math.min(keySpace / 2, Math.max(changes, 10_000));
    ChangeSource source = new ChangeSource(List.of(new TableLoad(synthetic, 1, seedRows)), ctx.mix(), ctx.seed(),
        Instant.now(), PartitionKeyMode.PRIMARY_KEY);

    LOG.info("{}: seeding {} rows through ingest and curate", name, seedRows);
    RecordFiles.write(lake.input(), source, seedRows, 50_000);
    lake.ingest(ctx, seedRows);
    curate(ctx, lake);
    String path = lake.curatedDir(table).toString();
    grow(ctx.spark(), path, tableRows);

    LOG.info("{}: merging {} changes into {} rows", name, changes, tableRows);
    long seedBatches = lastIngestBatch(ctx.spark(), lake);
    RecordFiles.write(lake.input(), source, changes, 50_000);
    lake.ingest(ctx, changes);

    // The baseline first, on a copy of the same table: it takes the JVM's warm-up, not ours.
    PlainMerge.Result plain = null;
    if (peers.contains(MergePeer.DELTA)) {
      Path copy = lake.root().resolve("plain-merge-copy");
      copyTree(lake.curatedDir(table), copy);
      plain = PlainMerge.run(ctx.spark(), lake.paths().rawChanges(), lake.contract(table), seedBatches,
          copy.toString());
      LOG.info("{}: plain MERGE of {} deduplicated changes took {} s", name, plain.sourceRows(), plain.seconds());
    }
    long versionBefore = DeltaTable.forPath(ctx.spark(), path).history(1).first().getLong(0);
    long bytesBefore = LakeMeasures.directoryBytes(lake.curatedDir(table));
    long start = System.nanoTime();
    TableReport report = curate(ctx, lake);
    double seconds = (System.nanoTime() - start) / 1e9;
    long bytesWritten = LakeMeasures.directoryBytes(lake.curatedDir(table)) - bytesBefore;
    if (report.rawChangesRead() != changes) {
      throw new IllegalStateException(name + ": curate read " + report.rawChangesRead() + " of " + changes
          + " changes; the figures would be wrong");
    }

    long filesAdded = 0;
    long filesRemoved = 0;
    long rowsCopied = 0;
    long dvs = 0;
    double mergeMs = 0;
    for (Row commit : DeltaTable.forPath(ctx.spark(), path).history()
        .where(col("version").gt(versionBefore).and(col("operation").equalTo("MERGE")))
        .select("operationMetrics").collectAsList()) {
      Map<String, String> m = commit.getJavaMap(0);
      filesAdded += metric(m, "numTargetFilesAdded");
      filesRemoved += metric(m, "numTargetFilesRemoved");
      rowsCopied += metric(m, "numTargetRowsCopied");
      dvs += metric(m, "numTargetDeletionVectorsAdded");
      mergeMs += metric(m, "executionTimeMs");
    }
    long rowsAfter = ctx.spark().read().format("delta").load(path).count();

    // After the curate run, so its figures are taken as they were before Hudi joined; the same starting rows
    // are the table's version before that run.
    HudiUpsertBaseline.Result hudi = null;
    if (peers.contains(MergePeer.HUDI)) {
      Dataset<Row> starting = ctx.spark().read().format("delta").option("versionAsOf", versionBefore).load(path);
      hudi = HudiUpsertBaseline.run(ctx.spark(), starting, lake.paths().rawChanges(), lake.contract(table),
          seedBatches, lake.root().resolve("hudi"));
      LOG.info("{}: Hudi upserts took {} s (copy-on-write) and {} s (merge-on-read); rows after: curated table {},"
          + " Hudi copy-on-write {}, Hudi merge-on-read {}", name, hudi.cowSeconds(), hudi.morSeconds(), rowsAfter,
          hudi.cowRows(), hudi.morRows());
      checkSameRows(name, rowsAfter, hudi);
    }
    return new Result(tableRows, deletionVectors, changes, seconds, mergeMs / 1000.0, bytesWritten, filesAdded,
        filesRemoved, rowsCopied, dvs, report.rowsInserted() + report.rowsUpdated() + report.rowsDeleted(),
        keySpace, rowsAfter, plain, hudi);
  }

  /**
   * The Hudi tables must end with as many rows as the curated table: a Hudi figure for a different result (a
   * delete or key change not applied, a stale change winning) would compare unlike work.
   */
  static void checkSameRows(String name, long curatedRows, HudiUpsertBaseline.Result hudi) {
    if (hudi.cowRows() != curatedRows || hudi.morRows() != curatedRows) {
      throw new IllegalStateException(name + ": after the same changes the curated table has " + curatedRows
          + " rows but the Hudi copy-on-write table " + hudi.cowRows() + " and the merge-on-read table "
          + hudi.morRows() + "; the Hudi figures would not compare like with like");
    }
  }

  /** The raw zone's newest ingest batch so far: the changes to come are the batches after it. */
  static long lastIngestBatch(SparkSession spark, BenchLake lake) {
    Row r = spark.read().format("delta").load(lake.paths().rawChanges())
        .agg(org.apache.spark.sql.functions.max(RawColumns.INGEST_BATCH_ID)).head();
    return r.isNullAt(0) ? -1 : ((Number) r.get(0)).longValue();
  }

  static void copyTree(Path from, Path to) throws IOException {
    Benchmark.deleteRecursively(to);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static long metric(Map<String, String> metrics, String name) {
    String v = metrics.get(name);
    return v == null ? 0 : Long.parseLong(v);
  }

  /** One curate run of a one-table lake: that table's report. */
  static TableReport curate(BenchContext ctx, BenchLake lake) {
    return lake.curate(ctx, CurateOptions.defaults()).tables().get(0);
  }

  /**
   * Appends rows for the keys 1..{@code rows} the table does not have yet. Columns the generator knows get
   * per-key values (so files compress like real data, not like one repeated row); the other columns, curate's
   * metadata, copy a seed row, whose source position precedes every change still to come.
   */
  static void grow(SparkSession spark, String path, long rows) {
    Dataset<Row> current = spark.read().format("delta").load(path);
    long existing = current.count();
    if (existing >= rows) {
      return;
    }
    Row template = current.limit(1).collectAsList().get(0);
    Dataset<Row> keys = spark.range(1, rows + 1).toDF(SyntheticTable.KEY)
        .join(current.select(SyntheticTable.KEY), scala.collection.JavaConverters
            .asScalaBuffer(List.of(SyntheticTable.KEY)).toSeq(), "left_anti");
    Column id = col(SyntheticTable.KEY);
    List<Column> columns = new ArrayList<>();
    StructField[] fields = current.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      int at = i;
      // Varied here only: the rebuild's grown raw load keeps the seed's timestamp text.
      Column c = f.name().equals("updated_at")
          ? timestamp_seconds(lit(1_700_000_000L).minus(pmod(id, lit(31_536_000L))))
          : perKey(f.name(), id).orElseGet(() -> template.isNullAt(at) ? lit(null) : lit(template.get(at)));
      columns.add(c.cast(f.dataType()).as(f.name()));
    }
    long toAdd = rows - existing;
    int files = (int) Math.max(1, (toAdd + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
    LOG.info("growing {} from {} to {} rows ({} files)", path, existing, rows, files);
    keys.select(columns.toArray(Column[]::new))
        .repartitionByRange(files, col(SyntheticTable.KEY))
        .write().format("delta").mode("append").save(path);
  }

  /**
   * The key and the generator's value columns {@code amount}, {@code status} and {@code counter}, varied per key
   * (so grown files compress like real data, not like one repeated row); empty for any other column.
   */
  static java.util.Optional<Column> perKey(String column, Column id) {
    return java.util.Optional.ofNullable(switch (column) {
      case SyntheticTable.KEY -> id;
      case "amount" -> pmod(id.multiply(7919), lit(10_000_000)).divide(100).cast("decimal(12,2)");
      case "status" -> element_at(array(STATUSES.stream().map(s -> lit(s)).toArray(Column[]::new)),
          pmod(id, lit(STATUSES.size())).plus(1).cast("int"));
      case "counter" -> pmod(id, lit(1000));
      default -> null;
    });
  }

  static String caseLabel(Result m) {
    return label(m.tableRows()) + ", " + m.mode()
        + (m.hotKeys() == m.tableRows() ? "" : ", changes on " + label(m.hotKeys()).replace(" rows", " keys"));
  }

  static String label(long rows) {
    if (rows >= 1_000_000 && rows % 100_000 == 0) {
      double m = rows / 1e6;
      return (m == Math.floor(m) ? String.valueOf((long) m) : String.valueOf(m)) + "M rows";
    }
    if (rows >= 1000 && rows % 1000 == 0) {
      return rows / 1000 + "k rows";
    }
    return rows + " rows";
  }

}
