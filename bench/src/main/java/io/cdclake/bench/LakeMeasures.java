package io.cdclake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawView;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Measurements read back from a benchmark lake: sizes on disk and latencies computed from the data. */
public final class LakeMeasures {
  static final String LATENCY = "latency_ms";
  /**
   * Significant digits of the latency histograms: exact up to 2,048 ms, within 0.1% above (a minute by at most
   * 32 ms). That is finer than the reports' 10 ms and than what a latency here is made of (the generator's file
   * interval and the ingest trigger, seconds each); five digits, exact to four minutes, would cost an array of
   * 2 MB per histogram.
   */
  static final int LATENCY_DIGITS = 3;

  private LakeMeasures() {}

  /** Bytes of every file under {@code dir} (0 when it does not exist), hidden logs and checksums included. */
  public static long directoryBytes(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // removed while walking
        }
      }).sum();
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("cannot measure " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Raw-zone latency of every raw row: when its micro-batch's rows became visible minus its creation stamp. Rows
   * are read through Delta (the raw zone is one Delta table for all tables) and each table's typed view
   * ({@link RawView}), which casts the creation stamp declared in its contract. Rows of batches the probe did
   * not see (none, normally) are left out.
   */
  public static Histogram rawLatency(SparkSession spark, BenchLake lake, Map<Long, Long> visibleAtMs) {
    Histogram histogram = latencyHistogram();
    Path raw = lake.rawChangesDir();
    if (visibleAtMs.isEmpty() || !Files.isDirectory(raw.resolve("_delta_log"))) {
      return histogram;
    }
    List<Row> rows = new ArrayList<>();
    visibleAtMs.forEach((batch, at) -> rows.add(RowFactory.create(batch, at)));
    Dataset<Row> visible = spark.createDataFrame(rows, new StructType()
        .add(RawColumns.INGEST_BATCH_ID, DataTypes.LongType)
        .add("visible_ms", DataTypes.LongType));
    Dataset<Row> stored = spark.read().format("delta").load(raw.toString());
    for (BenchTable t : lake.tables()) {
      TableContract contract = lake.contract(t);
      Dataset<Row> latencies = RawView.typed(RawView.ofTable(stored, contract), contract)
          .select(col(RawColumns.INGEST_BATCH_ID), col(ChangeSource.CREATED_AT_MS))
          .join(visible, RawColumns.INGEST_BATCH_ID)
          .select(col("visible_ms").minus(col(ChangeSource.CREATED_AT_MS)).as(LATENCY));
      collectInto(latencies, histogram);
    }
    return histogram;
  }

  /** Latencies in milliseconds, nearest-rank percentiles to {@link #LATENCY_DIGITS} significant digits. */
  public static Histogram latencyHistogram() {
    return new Histogram(LATENCY_DIGITS);
  }

  /** Adds {@code (latency_ms)} rows to a histogram, aggregated by Spark first. */
  static void collectInto(Dataset<Row> latencies, Histogram histogram) {
    for (Row r : latencies.groupBy(LATENCY).count().collectAsList()) {
      if (!r.isNullAt(0)) {
        record(histogram, r.getLong(0), r.getLong(1));
      }
    }
  }

  static void record(Histogram histogram, long latencyMs, long count) {
    // Nothing is visible before it is made: a negative latency is the wall clock stepping back between the two
    // stamps, and a histogram takes no negative values.
    histogram.recordValueWithCount(Math.max(0, latencyMs), count);
  }

  /**
   * Latency to the curated table: each row state readers can see, from its creation stamp to the commit of the
   * first table version that holds it (versions compared pairwise, so the order in which curate picked files up
   * does not matter). Records superseded within one merge and deletes leave no row behind and are not counted.
   */
  public static final class CuratedWatcher {
    private final SparkSession spark;
    private final BenchLake lake;
    private final Histogram histogram = latencyHistogram();
    private final Map<String, Long> lastVersion = new java.util.HashMap<>();

    public CuratedWatcher(SparkSession spark, BenchLake lake) {
      this.spark = spark;
      this.lake = lake;
    }

    /** Takes in every table version committed since the previous call. */
    public void observe() {
      for (BenchTable t : lake.tables()) {
        String dir = lake.curatedDir(t).toString();
        if (!Files.isDirectory(lake.curatedDir(t).resolve("_delta_log"))) {
          continue;
        }
        long seen = lastVersion.getOrDefault(t.sourceId(), -1L);
        List<Row> versions = DeltaTable.forPath(spark, dir).history()
            .where(col("version").gt(seen))
            .select(col("version"), col("timestamp"))
            .orderBy("version")
            .collectAsList();
        for (Row v : versions) {
          long version = v.getLong(0);
          long committedMs = v.getTimestamp(1).getTime();
          Dataset<Row> now = stateAt(dir, version);
          Dataset<Row> fresh = version == 0 ? now : now.except(stateAt(dir, version - 1));
          collectInto(fresh.select(lit(committedMs).minus(col(ChangeSource.CREATED_AT_MS)).as(LATENCY)),
              histogram);
          lastVersion.put(t.sourceId(), version);
        }
      }
    }

    private Dataset<Row> stateAt(String dir, long version) {
      return spark.read().format("delta").option("versionAsOf", version).load(dir)
          .select(col(SyntheticTable.KEY), col(ChangeSource.CREATED_AT_MS));
    }

    public Histogram histogram() {
      return histogram;
    }
  }
}
