package io.cdclake.curate.merge;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.metrics.PhaseTimes;
import io.cdclake.curate.change.ChangeColumns;
import io.cdclake.curate.change.DataColumn;
import io.cdclake.curate.order.SourceOrder;
import io.cdclake.curate.schema.CuratedColumns;
import io.cdclake.curate.table.CuratedTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Applies a batch of changes to a latest-state table: one row per key, holding the key's newest change.
 *
 * <p>Each key's newest change in the batch ({@link SourceOrder}) is compared with the sequence the table holds for
 * the key, and with the key's newest tombstone in hard-delete mode. Only a strictly newer change is merged, and
 * the MERGE repeats that guard, so applying the same batch again, or batches in any order, gives the same table.
 */
public final class LatestStateMerge {
  private static final String TARGET_SEQ = "__target_seq";
  private static final String TOMB_SEQ = "__tomb_seq";
  private static final String LATEST = "__latest";
  private static final String KNOWN = "__known";

  private final SparkSession spark;
  private final TableContract contract;
  private final CuratedTable target;
  private final Optional<Tombstones> tombstones;
  private final PhaseTimes phases;

  /** @param phases where the steps' times go: {@code classify}, {@code merge}, {@code tombstones} */
  public LatestStateMerge(SparkSession spark, CuratedTable target, Optional<Tombstones> tombstones,
      PhaseTimes phases) {
    this.spark = spark;
    this.contract = target.contract();
    this.target = target;
    this.tombstones = tombstones;
    this.phases = phases;
  }

  /**
   * @param changes     change rows ({@link io.cdclake.curate.change.ChangeExtractor})
   * @param dataColumns the table's data columns
   * @param txn         idempotency marker of the batch, if it comes from the checkpointed stream
   * @param range       the batch's key range, which bounds every read of the table and the merge
   */
  public MergeCounts apply(Dataset<Row> changes, List<DataColumn> dataColumns, Optional<IdempotentTxn> txn,
      Optional<KeyRange> range) {
    List<String> key = contract.primaryKey();
    Dataset<Row> latest = contract.deleteMode() == DeleteMode.SOFT
        ? latestWithLastKnownValues(changes, dataColumns)
        : SourceOrder.latestPerKey(changes, key, ChangeColumns.ORDER);
    Dataset<Row> classified = classify(latest, range).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<ChangeAction, Long> counts = countByAction(classified);
      phases.end("classify");
      boolean soft = contract.deleteMode() == DeleteMode.SOFT;
      List<String> applicable = new ArrayList<>(List.of(ChangeAction.INSERT.name(), ChangeAction.UPDATE.name(),
          ChangeAction.DELETE.name()));
      if (soft) {
        applicable.add(ChangeAction.DELETE_UNKNOWN.name());
      }
      long toMerge = applicable.stream().mapToLong(a -> counts.getOrDefault(ChangeAction.valueOf(a), 0L)).sum();
      if (toMerge > 0) {
        Dataset<Row> source = classified.filter(col(ChangeAction.COLUMN).isin(applicable.toArray()));
        IdempotentTxn.run(txn, spark, () -> merge(source, dataColumns, soft, range));
        phases.end("merge");
      }
      long deletes = counts.getOrDefault(ChangeAction.DELETE, 0L)
          + counts.getOrDefault(ChangeAction.DELETE_UNKNOWN, 0L);
      if (!soft && deletes > 0) {
        tombstones.orElseThrow().record(
            classified.filter(col(ChangeAction.COLUMN).isin(ChangeAction.DELETE.name(),
                ChangeAction.DELETE_UNKNOWN.name())),
            txn.map(t -> t.forTable("tombstones")), dataColumns);
        phases.end("tombstones");
      }
      return new MergeCounts(
          counts.getOrDefault(ChangeAction.INSERT, 0L),
          counts.getOrDefault(ChangeAction.UPDATE, 0L),
          counts.getOrDefault(ChangeAction.DELETE, 0L)
              + (soft ? counts.getOrDefault(ChangeAction.DELETE_UNKNOWN, 0L) : 0L),
          counts.getOrDefault(ChangeAction.LATE, 0L),
          0L,
          counts.getOrDefault(ChangeAction.ALREADY_APPLIED, 0L));
    } finally {
      classified.unpersist();
    }
  }

  /**
   * Each key's newest change, where a key-only soft delete takes the values of the key's newest upsert of the
   * same batch: those are its last known values, newer than the table's row (a delete that arrives in a later
   * run keeps the table's values in the merge instead; either way, the same changes give the same row).
   */
  Dataset<Row> latestWithLastKnownValues(Dataset<Row> changes, List<DataColumn> dataColumns) {
    List<String> key = contract.primaryKey();
    List<String> others = dataColumns.stream().map(DataColumn::name).filter(n -> !key.contains(n)).toList();
    if (others.isEmpty()) {
      return SourceOrder.latestPerKey(changes, key, ChangeColumns.ORDER);
    }
    Column all = struct(Arrays.stream(changes.columns()).map(SourceOrder::quoted).toArray(Column[]::new));
    Column known = struct(others.stream().map(SourceOrder::quoted).toArray(Column[]::new));
    Column upsertOrder = when(col(ChangeColumns.KIND).equalTo(ChangeColumns.UPSERT), col(ChangeColumns.ORDER));
    Dataset<Row> agg = changes.groupBy(Keys.columns(key))
        .agg(max_by(all, col(ChangeColumns.ORDER)).as(LATEST), max_by(known, upsertOrder).as(KNOWN));
    Column fill = col(LATEST).getField(ChangeColumns.KEY_ONLY).and(col(KNOWN).isNotNull());
    List<Column> out = new ArrayList<>();
    for (String name : changes.columns()) {
      Column latestValue = col(LATEST).getField(name);
      if (others.contains(name)) {
        out.add(when(fill, col(KNOWN).getField(name)).otherwise(latestValue).as(name));
      } else if (name.equals(ChangeColumns.KEY_ONLY)) {
        out.add(when(fill, lit(false)).otherwise(latestValue).as(name));
      } else {
        out.add(latestValue.as(name));
      }
    }
    return agg.select(out.toArray(Column[]::new));
  }

  /** Adds {@link ChangeAction#COLUMN} to one-change-per-key rows, from the table's and tombstones' sequences. */
  Dataset<Row> classify(Dataset<Row> latest, Optional<KeyRange> range) {
    List<String> key = contract.primaryKey();
    Dataset<Row> keys = latest.select(Keys.columns(key));
    List<Column> stateCols = new ArrayList<>(List.of(Keys.columns(key)));
    stateCols.add(col(CuratedColumns.SEQUENCE).as(TARGET_SEQ));
    Dataset<Row> state = KeyRange.bound(target.read(), range).select(stateCols.toArray(Column[]::new))
        .join(keys, Keys.using(key), "left_semi");
    Dataset<Row> joined = latest.join(state, Keys.using(key), "left");
    Optional<Dataset<Row>> tombs = tombstones.flatMap(t -> t.forKeys(keys, range));
    if (tombs.isPresent()) {
      Dataset<Row> newest = tombs.get().groupBy(Keys.columns(key)).agg(max(CuratedColumns.SEQUENCE).as(TOMB_SEQ));
      joined = joined.join(newest, Keys.using(key), "left");
    } else {
      joined = joined.withColumn(TOMB_SEQ, lit(null).cast("string"));
    }
    Column seq = col(CuratedColumns.SEQUENCE);
    Column guard = greatest(col(TARGET_SEQ), col(TOMB_SEQ));
    Column upsert = col(ChangeColumns.KIND).equalTo(ChangeColumns.UPSERT);
    Column action = when(guard.isNotNull().and(seq.lt(guard)), lit(ChangeAction.LATE.name()))
        .when(guard.isNotNull().and(seq.equalTo(guard)), lit(ChangeAction.ALREADY_APPLIED.name()))
        .when(upsert.and(col(TARGET_SEQ).isNull()), lit(ChangeAction.INSERT.name()))
        .when(upsert, lit(ChangeAction.UPDATE.name()))
        .when(col(TARGET_SEQ).isNotNull(), lit(ChangeAction.DELETE.name()))
        .otherwise(lit(ChangeAction.DELETE_UNKNOWN.name()));
    return joined.withColumn(ChangeAction.COLUMN, action).drop(TARGET_SEQ, TOMB_SEQ);
  }

  private void merge(Dataset<Row> source, List<DataColumn> dataColumns, boolean soft, Optional<KeyRange> range) {
    String newer = "coalesce(t." + CuratedColumns.SEQUENCE + ", '') < s." + CuratedColumns.SEQUENCE;
    String isDelete = "s." + ChangeColumns.KIND + " = '" + ChangeColumns.DELETE + "'";
    String isUpsert = "s." + ChangeColumns.KIND + " = '" + ChangeColumns.UPSERT + "'";
    Map<String, Column> upsertValues = rowValues(dataColumns, false);
    var builder = target.delta().as("t").merge(source.as("s"),
        KeyRange.bound(expr(Keys.matchCondition(contract.primaryKey())), "t", range));
    if (soft) {
      Map<String, Column> upsert = new LinkedHashMap<>(upsertValues);
      upsert.put(CuratedColumns.DELETED, lit(false));
      upsert.put(CuratedColumns.DELETED_AT, lit(null).cast("timestamp"));
      Map<String, Column> tombstone = new LinkedHashMap<>(rowValues(dataColumns, true));
      tombstone.put(CuratedColumns.DELETED, lit(true));
      tombstone.put(CuratedColumns.DELETED_AT, col("s." + ChangeColumns.TIME));
      Map<String, Column> insert = new LinkedHashMap<>(upsertValues);
      insert.put(CuratedColumns.DELETED, col("s." + ChangeColumns.KIND).equalTo(ChangeColumns.DELETE));
      insert.put(CuratedColumns.DELETED_AT, when(col("s." + ChangeColumns.KIND).equalTo(ChangeColumns.DELETE),
          col("s." + ChangeColumns.TIME)));
      builder.whenMatched(isDelete + " AND " + newer).update(tombstone)
          .whenMatched(isUpsert + " AND " + newer).update(upsert)
          .whenNotMatched().insert(insert)
          .execute();
    } else {
      builder.whenMatched(isDelete + " AND " + newer).delete()
          .whenMatched(isUpsert + " AND " + newer).update(upsertValues)
          .whenNotMatched(isUpsert).insert(upsertValues)
          .execute();
    }
  }

  /**
   * Target values from the source row. A soft delete whose record carries only the key (DMS sends no more unless
   * the source logs full rows) keeps the row's last known values; a full delete image is taken as it is, nulls
   * included.
   */
  private static Map<String, Column> rowValues(List<DataColumn> dataColumns, boolean keepKnown) {
    Map<String, Column> values = new LinkedHashMap<>();
    for (DataColumn c : dataColumns) {
      Column s = col("s." + Keys.q(c.name()));
      values.put(c.name(), keepKnown
          ? when(col("s." + ChangeColumns.KEY_ONLY), coalesce(s, col("t." + Keys.q(c.name())))).otherwise(s)
          : s);
    }
    for (String meta : List.of(CuratedColumns.OP, CuratedColumns.SEQUENCE, CuratedColumns.COMMIT_TIMESTAMP,
        CuratedColumns.ARRIVAL_TIMESTAMP)) {
      values.put(meta, col("s." + meta));
    }
    return values;
  }

  static Map<ChangeAction, Long> countByAction(Dataset<Row> classified) {
    Map<ChangeAction, Long> counts = new EnumMap<>(ChangeAction.class);
    for (Row r : classified.groupBy(ChangeAction.COLUMN).count().collectAsList()) {
      counts.put(ChangeAction.valueOf(r.getString(0)), r.getLong(1));
    }
    return counts;
  }
}
