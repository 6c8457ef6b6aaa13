package io.cdclake.curate.merge;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.not;
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
  private static final String KNOWN_PREFIX = "__known_";
  private static final String KNOWN_SEQ = "__known_seq";
  private static final String TARGET_VALUES_SEQ = "__target_values_seq";

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
    Optional<Dataset<Row>> deleted = Optional.empty();
    try {
      Map<ChangeAction, Long> counts = countByAction(classified);
      phases.end("classify");
      boolean soft = contract.deleteMode() == DeleteMode.SOFT;
      long deletes = counts.getOrDefault(ChangeAction.DELETE, 0L)
          + counts.getOrDefault(ChangeAction.DELETE_UNKNOWN, 0L);
      if (!soft && deletes > 0) {
        deleted = Optional.of(tombstones.orElseThrow().take(classified.filter(col(ChangeAction.COLUMN).isin(
            ChangeAction.DELETE.name(), ChangeAction.DELETE_UNKNOWN.name()))));
        phases.end("tombstones");
      }
      List<String> applicable = new ArrayList<>(List.of(ChangeAction.INSERT.name(), ChangeAction.UPDATE.name(),
          ChangeAction.DELETE.name()));
      if (soft) {
        applicable.add(ChangeAction.DELETE_UNKNOWN.name());
        applicable.add(ChangeAction.LATE_VALUES.name());
      }
      long toMerge = applicable.stream().mapToLong(a -> counts.getOrDefault(ChangeAction.valueOf(a), 0L)).sum();
      if (toMerge > 0) {
        Dataset<Row> source = classified.filter(col(ChangeAction.COLUMN).isin(applicable.toArray()));
        if (target.createdWithoutRows()) {
          IdempotentTxn.run(txn, spark, () -> insertAll(source, dataColumns, soft));
        } else {
          IdempotentTxn.run(txn, spark, () -> merge(source, dataColumns, soft, range));
        }
        phases.end("merge");
      }
      if (deleted.isPresent()) {
        tombstones.orElseThrow().record(deleted.get(), txn.map(t -> t.forTable("tombstones")), dataColumns);
        phases.end("tombstones");
      }
      return new MergeCounts(
          counts.getOrDefault(ChangeAction.INSERT, 0L),
          counts.getOrDefault(ChangeAction.UPDATE, 0L) + counts.getOrDefault(ChangeAction.LATE_VALUES, 0L),
          counts.getOrDefault(ChangeAction.DELETE, 0L)
              + (soft ? counts.getOrDefault(ChangeAction.DELETE_UNKNOWN, 0L) : 0L),
          counts.getOrDefault(ChangeAction.LATE, 0L),
          0L,
          counts.getOrDefault(ChangeAction.ALREADY_APPLIED, 0L));
    } finally {
      classified.unpersist();
      deleted.ifPresent(Dataset::unpersist);
    }
  }

  /**
   * Each key's newest change, with the batch's last known values of the key beside it: those of its newest change
   * that carried values (an upsert, or a delete with a full image), as {@code __known_<column>}, and that change's
   * sequence as {@link #KNOWN_SEQ}. A key-only soft delete shows the newer of these and the table's values; a late
   * change can still fill in the values a key-only delete shows ({@link ChangeAction#LATE_VALUES}). Which of them
   * is newer is decided against the table in {@link #classify} and the merge, so the same changes give the same
   * row whatever runs they arrive in.
   */
  Dataset<Row> latestWithLastKnownValues(Dataset<Row> changes, List<DataColumn> dataColumns) {
    List<String> others = valueColumns(dataColumns);
    Column all = struct(Arrays.stream(changes.columns()).map(SourceOrder::quoted).toArray(Column[]::new));
    List<Column> knownFields = new ArrayList<>();
    for (String name : others) {
      knownFields.add(SourceOrder.quoted(name).as(name));
    }
    knownFields.add(col(CuratedColumns.SEQUENCE).as(CuratedColumns.SEQUENCE));
    Column known = struct(knownFields.toArray(Column[]::new));
    Column knownOrder = when(not(col(ChangeColumns.KEY_ONLY)), col(ChangeColumns.ORDER));
    Dataset<Row> agg = changes.groupBy(Keys.columns(contract.primaryKey()))
        .agg(max_by(all, col(ChangeColumns.ORDER)).as(LATEST), max_by(known, knownOrder).as(KNOWN));
    List<Column> out = new ArrayList<>();
    for (String name : changes.columns()) {
      out.add(col(LATEST).getField(name).as(name));
    }
    for (String name : others) {
      out.add(col(KNOWN).getField(name).as(KNOWN_PREFIX + name));
    }
    out.add(col(KNOWN).getField(CuratedColumns.SEQUENCE).as(KNOWN_SEQ));
    return agg.select(out.toArray(Column[]::new));
  }

  private List<String> valueColumns(List<DataColumn> dataColumns) {
    return dataColumns.stream().map(DataColumn::name).filter(n -> !contract.primaryKey().contains(n)).toList();
  }

  /**
   * Which change the values of a table row are from: its own, or for a key-only delete the one it names; rows of
   * before {@link CuratedColumns#VALUES_SEQUENCE} count as their own, so they are never filled in.
   */
  private static Column valuesSequence(String alias) {
    return coalesce(col(alias + CuratedColumns.VALUES_SEQUENCE), col(alias + CuratedColumns.SEQUENCE));
  }

  /** Adds {@link ChangeAction#COLUMN} to one-change-per-key rows, from the table's and tombstones' sequences. */
  Dataset<Row> classify(Dataset<Row> latest, Optional<KeyRange> range) {
    List<String> key = contract.primaryKey();
    Dataset<Row> keys = latest.select(Keys.columns(key));
    List<Column> stateCols = new ArrayList<>(List.of(Keys.columns(key)));
    stateCols.add(col(CuratedColumns.SEQUENCE).as(TARGET_SEQ));
    boolean soft = contract.deleteMode() == DeleteMode.SOFT;
    if (soft) {
      stateCols.add(valuesSequence("").as(TARGET_VALUES_SEQ));
    }
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
    // Not newer than the row, but newer than the values a key-only delete left it with: they are filled in.
    Column fillsIn = soft ? col(KNOWN_SEQ).gt(col(TARGET_VALUES_SEQ)) : lit(false);
    Column action = when(guard.isNotNull().and(seq.leq(guard)).and(fillsIn), lit(ChangeAction.LATE_VALUES.name()))
        .when(guard.isNotNull().and(seq.lt(guard)), lit(ChangeAction.LATE.name()))
        .when(guard.isNotNull().and(seq.equalTo(guard)), lit(ChangeAction.ALREADY_APPLIED.name()))
        .when(upsert.and(col(TARGET_SEQ).isNull()), lit(ChangeAction.INSERT.name()))
        .when(upsert, lit(ChangeAction.UPDATE.name()))
        .when(col(TARGET_SEQ).isNotNull(), lit(ChangeAction.DELETE.name()))
        .otherwise(lit(ChangeAction.DELETE_UNKNOWN.name()));
    return joined.withColumn(ChangeAction.COLUMN, action).drop(TARGET_SEQ, TOMB_SEQ, TARGET_VALUES_SEQ);
  }

  /** The changes a MERGE inserts where no row matches (a hard-delete table inserts no delete). */
  private static String insertedWhenNotMatched(boolean soft) {
    return soft ? "s." + ChangeAction.COLUMN + " <> '" + ChangeAction.LATE_VALUES.name() + "'"
        : "s." + ChangeColumns.KIND + " = '" + ChangeColumns.UPSERT + "'";
  }

  /** The row a MERGE inserts for a change that matches no row. */
  private Map<String, Column> insertValues(List<DataColumn> dataColumns, boolean soft) {
    Map<String, Column> insert = rowValues(dataColumns);
    if (soft) {
      insert.putAll(lastKnownValues(dataColumns, false));
      insert.put(CuratedColumns.DELETED, col("s." + ChangeColumns.KIND).equalTo(ChangeColumns.DELETE));
      insert.put(CuratedColumns.DELETED_AT, when(col("s." + ChangeColumns.KIND).equalTo(ChangeColumns.DELETE),
          col("s." + ChangeColumns.TIME)));
    }
    return insert;
  }

  /**
   * The MERGE into a table without rows, as an append: every change goes to its not-matched clause, so the rows
   * are those the clause inserts. No join with the table, and one write instead of the MERGE's passes over the
   * changes.
   */
  private void insertAll(Dataset<Row> source, List<DataColumn> dataColumns, boolean soft) {
    target.appendAsInserted(source.as("s").where(expr(insertedWhenNotMatched(soft))), insertValues(dataColumns, soft));
  }

  private void merge(Dataset<Row> source, List<DataColumn> dataColumns, boolean soft, Optional<KeyRange> range) {
    String newer = "coalesce(t." + CuratedColumns.SEQUENCE + ", '') < s." + CuratedColumns.SEQUENCE;
    String isDelete = "s." + ChangeColumns.KIND + " = '" + ChangeColumns.DELETE + "'";
    String isUpsert = "s." + ChangeColumns.KIND + " = '" + ChangeColumns.UPSERT + "'";
    Map<String, Column> upsertValues = rowValues(dataColumns);
    var builder = target.delta().as("t").merge(source.as("s"),
        KeyRange.bound(expr(Keys.matchCondition(contract.primaryKey())), "t", range));
    if (soft) {
      Map<String, Column> upsert = new LinkedHashMap<>(upsertValues);
      upsert.put(CuratedColumns.DELETED, lit(false));
      upsert.put(CuratedColumns.DELETED_AT, lit(null).cast("timestamp"));
      upsert.put(CuratedColumns.VALUES_SEQUENCE, col("s." + CuratedColumns.SEQUENCE));
      Map<String, Column> tombstone = new LinkedHashMap<>(upsertValues);
      tombstone.putAll(lastKnownValues(dataColumns, true));
      tombstone.put(CuratedColumns.DELETED, lit(true));
      tombstone.put(CuratedColumns.DELETED_AT, col("s." + ChangeColumns.TIME));
      Map<String, Column> fillIn = new LinkedHashMap<>();
      for (String name : valueColumns(dataColumns)) {
        fillIn.put(name, col("s." + Keys.q(KNOWN_PREFIX + name)));
      }
      fillIn.put(CuratedColumns.VALUES_SEQUENCE, col("s." + KNOWN_SEQ));
      String fillsIn = "s." + ChangeAction.COLUMN + " = '" + ChangeAction.LATE_VALUES.name() + "' AND s." + KNOWN_SEQ
          + " > coalesce(t." + CuratedColumns.VALUES_SEQUENCE + ", t." + CuratedColumns.SEQUENCE + ")";
      builder.whenMatched(fillsIn).update(fillIn)
          .whenMatched(isDelete + " AND " + newer).update(tombstone)
          .whenMatched(isUpsert + " AND " + newer).update(upsert)
          .whenNotMatched(insertedWhenNotMatched(true)).insert(insertValues(dataColumns, true))
          .execute();
    } else {
      builder.whenMatched(isDelete + " AND " + newer).delete()
          .whenMatched(isUpsert + " AND " + newer).update(upsertValues)
          .whenNotMatched(insertedWhenNotMatched(false)).insert(insertValues(dataColumns, false))
          .execute();
    }
  }

  /** Target values from the source row, and its metadata. */
  private static Map<String, Column> rowValues(List<DataColumn> dataColumns) {
    Map<String, Column> values = new LinkedHashMap<>();
    for (DataColumn c : dataColumns) {
      values.put(c.name(), col("s." + Keys.q(c.name())));
    }
    for (String meta : List.of(CuratedColumns.OP, CuratedColumns.SEQUENCE, CuratedColumns.COMMIT_TIMESTAMP,
        CuratedColumns.ARRIVAL_TIMESTAMP)) {
      values.put(meta, col("s." + meta));
    }
    return values;
  }

  /**
   * The values a soft delete leaves: a full delete image as it is, nulls included; for a delete record that carries
   * only the key (DMS sends no more unless the source logs full rows), the key's last known values: the newer of the
   * batch's ({@code __known_*}) and, when {@code matched}, the table row's, with {@link CuratedColumns#VALUES_SEQUENCE}
   * naming the change they are from.
   */
  private Map<String, Column> lastKnownValues(List<DataColumn> dataColumns, boolean matched) {
    Column keyOnly = col("s." + ChangeColumns.KEY_ONLY);
    Column batchSeq = col("s." + KNOWN_SEQ);
    Column batchIsNewer = matched ? batchSeq.gt(valuesSequence("t.")) : batchSeq.isNotNull();
    Map<String, Column> values = new LinkedHashMap<>();
    for (String name : valueColumns(dataColumns)) {
      Column own = col("s." + Keys.q(name));
      Column known = col("s." + Keys.q(KNOWN_PREFIX + name));
      Column last = matched ? when(batchIsNewer, known).otherwise(col("t." + Keys.q(name))) : known;
      values.put(name, when(keyOnly, last).otherwise(own));
    }
    Column lastSeq = matched ? when(batchIsNewer, batchSeq).otherwise(valuesSequence("t."))
        : coalesce(batchSeq, lit(""));
    values.put(CuratedColumns.VALUES_SEQUENCE, when(keyOnly, lastSeq).otherwise(col("s." + CuratedColumns.SEQUENCE)));
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
