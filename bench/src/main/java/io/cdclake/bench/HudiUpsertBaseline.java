package io.cdclake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawView;
import io.cdclake.common.spark.SparkSessions;
import io.cdclake.curate.order.SourceOrder;
import io.cdclake.curate.schema.CuratedColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Apache Hudi's upsert as a peer of the curate run: the rows the curated table held before the merge go into a
 * copy-on-write and a merge-on-read Hudi table (bulk insert, not timed), then the raw changes curate merges are
 * upserted into each, timed from reading the raw rows to the commit, as {@link PlainMerge} is.
 *
 * <p>The tables are set up as a team would for CDC: record key = the primary key; ordering (precombine) field =
 * curate's source-order column {@code _cdc_sequence} with event-time ordering, so a key's newest change wins
 * whether it meets an older change of the same batch or the stored row; partitioned like the curated table.
 * The changes carry what curate makes of them, so the tables must end with the curated table's rows: a delete
 * sets Hudi's delete marker, and a primary-key change also deletes the old key. Everything else is Hudi's
 * default (index, file sizing, metadata table), except the embedded timeline server (see {@link #options}).
 */
final class HudiUpsertBaseline {
  /** Hudi's per-record delete marker column. */
  static final String DELETED = "_hoodie_is_deleted";
  static final String ORDERING = CuratedColumns.SEQUENCE;
  private static final String HUDI_EXTENSION = "org.apache.spark.sql.hudi.HoodieSparkSessionExtension";

  enum TableType { COPY_ON_WRITE, MERGE_ON_READ }

  /**
   * @param cowSeconds upsert into the copy-on-write table, reading the raw rows included
   * @param morSeconds the same into the merge-on-read table
   * @param cowRows    rows of the copy-on-write table after the upsert (a snapshot read)
   * @param morRows    rows of the merge-on-read table after the upsert (a snapshot read, logs merged)
   */
  record Result(double cowSeconds, double morSeconds, long cowRows, long morRows) {}

  private HudiUpsertBaseline() {}

  /**
   * What Hudi needs of the session it shares with Delta. Hudi refuses to write under any serializer but Kryo.
   * Delta's extension stays first and the session catalog stays Delta's: the pipeline's jobs resolve tables through
   * it, and Hudi's tables are only written and read by path, which needs no catalog.
   */
  static SparkSession.Builder withHudi(SparkSession.Builder builder) {
    return builder
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "org.apache.spark.HoodieSparkKryoRegistrar")
        .config("spark.sql.extensions", SparkSessions.DELTA_EXTENSION + "," + HUDI_EXTENSION);
  }

  /** The Hudi release on the classpath, for the report. */
  static String version() {
    try {
      String v = Class.forName("org.apache.hudi.DefaultSource").getPackage().getImplementationVersion();
      return v == null ? "unknown" : v;
    } catch (ClassNotFoundException e) {
      return "not on the classpath";
    }
  }

  /**
   * Loads {@code startingRows} into both table types under {@code dir}, then upserts into each the table's raw
   * rows of ingest batches after {@code afterBatch}.
   */
  static Result run(SparkSession spark, Dataset<Row> startingRows, String rawPath, TableContract contract,
      long afterBatch, Path dir) {
    Table cow = Table.of(contract, TableType.COPY_ON_WRITE, dir);
    Table mor = Table.of(contract, TableType.MERGE_ON_READ, dir);
    // Both loads before either upsert, so the two upserts run back to back under the same conditions.
    cow.load(startingRows);
    mor.load(startingRows);
    double cowSeconds = cow.upsert(() -> changes(spark, rawPath, contract, afterBatch, startingRows.schema()));
    double morSeconds = mor.upsert(() -> changes(spark, rawPath, contract, afterBatch, startingRows.schema()));
    return new Result(cowSeconds, morSeconds, cow.count(spark), mor.count(spark));
  }

  /**
   * Hudi's writer and reader code, loaded and compiled once on a tiny table of each type, so the first case's
   * timed upserts do not carry it (the plain MERGE, run first, takes Delta's).
   */
  static void warmUp(SparkSession spark, Path dir) {
    Column id = col("id");
    Dataset<Row> rows = spark.range(1, 201).select(id,
        pmod(id.multiply(7919), lit(100_000)).cast("decimal(12,2)").as("amount"),
        lit(DmsOperation.LOAD.wireName()).as(CuratedColumns.OP),
        format_string("%019d", id).as(ORDERING));
    Dataset<Row> changes = rows.where(pmod(id, lit(10)).equalTo(0))
        .withColumn(ORDERING, format_string("%019d", id.plus(1000)))
        .withColumn("amount", col("amount").plus(1).cast("decimal(12,2)"));
    for (TableType type : TableType.values()) {
      Table t = new Table("warm_up_" + type.name().toLowerCase(Locale.ROOT), List.of("id"), List.of(),
          type, dir.resolve(type.name()).toString());
      t.load(rows);
      t.upsert(() -> changes.withColumn(DELETED, pmod(id, lit(20)).equalTo(0)));
      t.count(spark);
    }
  }

  /**
   * The change rows Hudi upserts, in the table's columns plus {@link #DELETED}: each raw row's after image (a
   * delete's row image, marked deleted), and for a primary-key change the old key's before image, marked deleted,
   * at the same source position. Declared columns come from the typed raw view, curate's metadata columns from
   * the raw metadata; columns the raw rows do not have are null.
   */
  static Dataset<Row> changes(SparkSession spark, String rawPath, TableContract contract, long afterBatch,
      StructType table) {
    Dataset<Row> raw = RawView.typed(RawView.ofTable(spark.read().format("delta").load(rawPath), contract),
        contract).where(col(RawColumns.INGEST_BATCH_ID).gt(afterBatch));
    Column isDelete = col(RawColumns.OP).equalTo(DmsOperation.DELETE.wireName());
    Dataset<Row> afterImages = raw.select(projection(contract, table, false, isDelete));
    Dataset<Row> oldKeys = raw.where(keyChanged(contract, table)).select(projection(contract, table, true, lit(true)));
    return afterImages.unionByName(oldKeys);
  }

  private static Column[] projection(TableContract contract, StructType table, boolean beforeImage,
      Column deleted) {
    List<Column> out = new ArrayList<>();
    for (StructField f : table.fields()) {
      out.add(value(contract, f, beforeImage).cast(f.dataType()).as(f.name()));
    }
    out.add(deleted.as(DELETED));
    return out.toArray(Column[]::new);
  }

  private static Column value(TableContract contract, StructField f, boolean beforeImage) {
    if (contract.column(f.name()).isPresent()) {
      return beforeImage ? col(RawColumns.BEFORE_IMAGE).getItem(f.name()) : SourceOrder.quoted(f.name());
    }
    return switch (f.name()) {
      case CuratedColumns.OP -> col(RawColumns.OP);
      case CuratedColumns.SEQUENCE -> SourceOrder.changeSequence();
      case CuratedColumns.COMMIT_TIMESTAMP -> col(RawColumns.COMMIT_TIMESTAMP);
      case CuratedColumns.ARRIVAL_TIMESTAMP -> col(RawColumns.ARRIVAL_TIMESTAMP);
      default -> lit(null);
    };
  }

  /** An update whose before image holds another primary key. */
  private static Column keyChanged(TableContract contract, StructType table) {
    Column changed = lit(false);
    for (String key : contract.primaryKey()) {
      Column before = col(RawColumns.BEFORE_IMAGE).getItem(key).cast(table.apply(key).dataType());
      changed = changed.or(before.isNotNull().and(not(before.eqNullSafe(SourceOrder.quoted(key)))));
    }
    return col(RawColumns.OP).equalTo(DmsOperation.UPDATE.wireName())
        .and(col(RawColumns.BEFORE_IMAGE).isNotNull()).and(changed);
  }

  /**
   * The write options of one table. The embedded timeline server is off: it listens on every interface of the
   * machine (there is no setting for the address), and the benchmark listens on none; Hudi's tasks then read the
   * file listing from the table's metadata themselves, which in one local JVM is the same work.
   */
  static Map<String, String> options(String name, List<String> key, List<String> partitions, TableType type,
      String operation) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("hoodie.table.name", name);
    o.put("hoodie.datasource.write.table.type", type.name());
    o.put("hoodie.datasource.write.operation", operation);
    o.put("hoodie.datasource.write.recordkey.field", String.join(",", key));
    o.put("hoodie.datasource.write.precombine.field", ORDERING);
    // Set, not left to the default: the newest change must also win against the stored row, not only within
    // the batch (commit-time ordering would let a late, older change overwrite a newer stored row).
    o.put("hoodie.record.merge.mode", "EVENT_TIME_ORDERING");
    o.put("hoodie.datasource.write.partitionpath.field", String.join(",", partitions));
    o.put("hoodie.datasource.write.keygenerator.class", partitions.isEmpty()
        ? "org.apache.hudi.keygen.NonpartitionedKeyGenerator" : "org.apache.hudi.keygen.ComplexKeyGenerator");
    o.put("hoodie.datasource.write.hive_style_partitioning", "true");
    o.put("hoodie.embed.timeline.server", "false");
    return o;
  }

  /** One Hudi table: its name, record key, partition columns, type and place. */
  record Table(String name, List<String> key, List<String> partitions, TableType type, String path) {
    static Table of(TableContract contract, TableType type, Path dir) {
      String name = contract.curatedTable() + (type == TableType.COPY_ON_WRITE ? "_hudi_cow" : "_hudi_mor");
      return new Table(name, contract.primaryKey(), contract.partitionBy(), type, dir.resolve(name).toString());
    }

    void load(Dataset<Row> rows) {
      rows.withColumn(DELETED, lit(false)).write().format("hudi")
          .options(options(name, key, partitions, type, "bulk_insert")).mode(SaveMode.Overwrite).save(path);
    }

    /** Wall time from building the changes (reading the raw rows) to the upsert's commit. */
    double upsert(Supplier<Dataset<Row>> changes) {
      long start = System.nanoTime();
      changes.get().write().format("hudi").options(options(name, key, partitions, type, "upsert"))
          .mode(SaveMode.Append).save(path);
      return (System.nanoTime() - start) / 1e9;
    }

    /** Rows a snapshot query sees: for merge-on-read, base files merged with their logs. */
    long count(SparkSession spark) {
      return spark.read().format("hudi").load(path).count();
    }
  }
}
