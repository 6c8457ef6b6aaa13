package io.cdclake.curate.merge;

import static io.cdclake.curate.order.SourceOrder.quoted;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;

import io.cdclake.curate.change.ChangeColumns;
import io.cdclake.curate.change.DataColumn;
import io.cdclake.curate.schema.CuratedColumns;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The deletes a hard-delete table has applied, by key and change sequence. A hard delete removes the row, and with
 * it the sequence that would stop an older, late-arriving update from bringing the row back; this small Delta table
 * remembers it instead (and gives SCD2 history the delete events that closed versions).
 *
 * <p>Append-only; only a key's newest entry matters, so recording a delete twice changes nothing. Maintenance
 * drops entries older than a retention ({@link io.cdclake.curate.maintenance.TableMaintenance}); a change later
 * than that is not expected to arrive.
 */
public final class Tombstones {
  /** Source time of the delete. */
  public static final String DELETED_AT = CuratedColumns.DELETED_AT;
  /** When curate recorded the delete; the retention is measured on it. */
  public static final String RECORDED_AT = "_recorded_at";

  private final SparkSession spark;
  private final String path;
  private final List<String> key;

  public Tombstones(SparkSession spark, String path, List<String> key) {
    this.spark = spark;
    this.path = path;
    this.key = List.copyOf(key);
  }

  public String path() {
    return path;
  }

  public boolean exists() {
    return DeltaTable.isDeltaTable(spark, path);
  }

  public void createIfMissing(List<DataColumn> dataColumns) {
    if (exists()) {
      return;
    }
    StructType schema = new StructType();
    for (String k : key) {
      DataColumn c = dataColumns.stream().filter(d -> d.name().equals(k)).findFirst().orElseThrow();
      schema = schema.add(k, c.type(), true);
    }
    schema = schema.add(CuratedColumns.SEQUENCE, DataTypes.StringType, true)
        .add(DELETED_AT, DataTypes.TimestampType, true)
        .add(RECORDED_AT, DataTypes.TimestampType, true);
    DeltaTable.createIfNotExists(spark).location(path).addColumns(schema).execute();
  }

  /** Tombstones of the given keys (one row per key), or empty when the table does not exist yet. */
  public Optional<Dataset<Row>> forKeys(Dataset<Row> keys, Optional<KeyRange> range) {
    if (!exists()) {
      return Optional.empty();
    }
    return Optional.of(KeyRange.bound(spark.read().format("delta").load(path), range)
        .join(keys, Keys.using(key), "left_semi"));
  }

  /**
   * The deletes of a classification, taken before the MERGE that applies them, for {@link #record} after it: one
   * job now, on the classification's cached rows. Left to read the classification later, the append would re-run
   * it against the merged table, because once a MERGE commits the cache manager re-plans every cached plan that
   * reads the table (a second pass over the batch, as costly as the first). The rows returned no longer refer to
   * the table; their lineage is the plan as it stands now, so lost blocks are recomputed from the table version
   * the batch was classified against. The caller unpersists them.
   */
  public Dataset<Row> take(Dataset<Row> deletes) {
    List<Column> projection = new ArrayList<>();
    for (String k : key) {
      projection.add(quoted(k));
    }
    projection.add(col(CuratedColumns.SEQUENCE));
    projection.add(col(ChangeColumns.TIME));
    Dataset<Row> rows = deletes.select(projection.toArray(Column[]::new));
    Dataset<Row> taken = rows.sparkSession().createDataFrame(rows.javaRDD(), rows.schema())
        .persist(StorageLevel.MEMORY_AND_DISK());
    taken.count();
    return taken;
  }

  /**
   * Records deletes, given as change rows (key, {@link CuratedColumns#SEQUENCE}, {@link ChangeColumns#TIME}) that
   * the caller found newer than anything recorded for their key. A plain append: under {@code txn} a replayed
   * batch does not append twice, and a repeated entry would be harmless anyway (only the newest counts).
   */
  public void record(Dataset<Row> deletes, Optional<IdempotentTxn> txn, List<DataColumn> dataColumns) {
    createIfMissing(dataColumns);
    List<Column> projection = new ArrayList<>();
    for (String k : key) {
      projection.add(quoted(k));
    }
    projection.add(col(CuratedColumns.SEQUENCE));
    projection.add(col(ChangeColumns.TIME).as(DELETED_AT));
    projection.add(current_timestamp().as(RECORDED_AT));
    var writer = deletes.select(projection.toArray(Column[]::new)).write().format("delta").mode("append");
    if (txn.isPresent()) {
      writer = writer.option("txnAppId", txn.get().appId()).option("txnVersion", txn.get().version());
    }
    writer.save(path);
  }

  /**
   * Drops tombstones recorded more than {@code retentionHours} ago; returns how many. Measured from when curate
   * recorded the delete, not from the source time: what matters is how late a change may still arrive.
   */
  public long prune(long retentionHours) {
    if (!exists()) {
      return 0;
    }
    Column old = col(RECORDED_AT).lt(expr("current_timestamp() - make_dt_interval(0, " + retentionHours + ")"));
    long n = spark.read().format("delta").load(path).filter(old).count();
    if (n > 0) {
      DeltaTable.forPath(spark, path).delete(old);
    }
    return n;
  }
}
