package io.cdclake.curate.merge;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.metrics.PhaseTimes;
import io.cdclake.curate.change.ChangeColumns;
import io.cdclake.curate.change.DataColumn;
import io.cdclake.curate.order.SourceOrder;
import io.cdclake.curate.schema.CuratedColumns;
import io.cdclake.curate.table.CuratedTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * Applies a batch of changes to an SCD type 2 table: one row per version of a key, valid from
 * {@code __start_at} (the change's source time) until {@code __end_at} (the next change's), the last one current.
 *
 * <p>Every change of the batch becomes history, not just the newest, and a late change is placed where it belongs
 * rather than dropped: for each key the batch touches, the version chain is rebuilt from the events already known
 * (its versions, plus its delete tombstones in hard-delete mode) and the new ones, in {@link SourceOrder}. The MERGE
 * then inserts new versions and re-closes those whose end moved. The chain is a function of the set of events, so
 * replaying a batch, or receiving batches in another order, gives the same table.
 *
 * <p>Full-load images sort before every change ({@link SourceOrder}), but a load version starts at the image's DMS
 * read time. An image read at or after the time of its key's first change (a reload, a load that overlapped CDC, a
 * DMS clock ahead of the source's) cannot be placed in that history: it would end before it starts. Such an image
 * is superseded, as the change data outranks it in a latest-state table: it is no version (counted as ignored),
 * and a stored load version a late change supersedes is removed. Images of keys without an earlier change stay
 * versions, one per load, until the key's first change.
 *
 * <p>A delete closes the key's current version. In soft-delete mode it is itself a version with
 * {@code _deleted = true}; in hard-delete mode it leaves no row, only its tombstone.
 */
public final class HistoryMerge {
  private static final String EXISTS = "__exists";
  private static final String OLD_END = "__old_end";
  private static final String OLD_CURRENT = "__old_current";
  private static final String KNOWN_MAX = "__known_max";
  private static final String KNOWN = "__known";
  private static final String OLD_VALUES_SEQ = "__old_values_seq";
  /** Working column: the sequence of the change whose values an event shows (its own, but for key-only deletes). */
  private static final String VALUES_SEQ = "__cdc_values_seq";
  private static final String LAST_KNOWN = "__last_known";
  private static final String FRESH = "__fresh";
  private static final String LATE = "__late";
  private static final String SUPERSEDED = "__superseded";
  /** What the MERGE does with a row of the diff: one of the four below. */
  private static final String ACTION = "__action";
  private static final String INSERT = "insert";
  private static final String RECLOSE = "reclose";
  private static final String REMOVE = "remove";
  private static final String IGNORE = "ignore";

  private final SparkSession spark;
  private final TableContract contract;
  private final CuratedTable target;
  private final Optional<Tombstones> tombstones;
  private final PhaseTimes phases;

  /** @param phases where the steps' times go: {@code classify}, {@code merge}, {@code tombstones} */
  public HistoryMerge(SparkSession spark, CuratedTable target, Optional<Tombstones> tombstones,
      PhaseTimes phases) {
    this.phases = phases;
    this.spark = spark;
    this.contract = target.contract();
    this.target = target;
    this.tombstones = tombstones;
  }

  /** @param range the batch's key range, which bounds every read of the table and the merge */
  public MergeCounts apply(Dataset<Row> changes, List<DataColumn> dataColumns, Optional<IdempotentTxn> txn,
      Optional<KeyRange> range) {
    List<String> key = contract.primaryKey();
    boolean soft = contract.deleteMode() == DeleteMode.SOFT;
    List<String> keyAndSeq = new ArrayList<>(key);
    keyAndSeq.add(CuratedColumns.SEQUENCE);

    // One event per (key, change sequence): a redelivered change is the same event.
    Dataset<Row> events = SourceOrder.latestPerKey(changes, keyAndSeq, ChangeColumns.ORDER)
        .drop(ChangeColumns.ORDER)
        .withColumn(VALUES_SEQ, col(CuratedColumns.SEQUENCE));
    Dataset<Row> keys = events.select(Keys.columns(key)).distinct();

    Dataset<Row> versions = KeyRange.bound(target.read(), range).join(keys, Keys.using(key), "left_semi");
    Dataset<Row> knownEvents = versions.select(eventColumns(dataColumns, soft));
    Optional<Dataset<Row>> tombs = soft ? Optional.empty() : tombstones.flatMap(t -> t.forKeys(keys, range));
    if (tombs.isPresent()) {
      knownEvents = knownEvents.unionByName(tombs.get().select(tombstoneEventColumns(dataColumns)));
    }
    Dataset<Row> knownIds = knownEvents.select(Keys.columns(keyAndSeq));
    Dataset<Row> knownMax = knownIds.groupBy(Keys.columns(key)).agg(max(CuratedColumns.SEQUENCE).as(KNOWN_MAX));
    Dataset<Row> marked = events
        .join(knownIds.withColumn(KNOWN, lit(true)), Keys.using(keyAndSeq), "left")
        .join(knownMax, Keys.using(key), "left")
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column isFresh = col(KNOWN).isNull();
      Row stats = marked.agg(
          count(lit(1)),
          sum(when(isFresh, 1).otherwise(0)),
          sum(when(isFresh.and(col(CuratedColumns.SEQUENCE).lt(col(KNOWN_MAX))), 1).otherwise(0)),
          sum(when(isFresh.and(col(ChangeColumns.KIND).equalTo(ChangeColumns.DELETE)), 1).otherwise(0))).head();
      long total = stats.getLong(0);
      long freshCount = total == 0 ? 0 : stats.getLong(1);
      if (freshCount == 0) {
        phases.end("classify");
        return new MergeCounts(0, 0, 0, 0, 0, total);
      }
      long backfilled = stats.getLong(2);
      long freshDeletes = stats.getLong(3);
      Dataset<Row> fresh = marked.filter(isFresh)
          .withColumn(LATE, coalesce(col(CuratedColumns.SEQUENCE).lt(col(KNOWN_MAX)), lit(false)))
          .drop(KNOWN, KNOWN_MAX);
      Dataset<Row> all = knownEvents.withColumn(FRESH, lit(false)).withColumn(LATE, lit(false))
          .unionByName(fresh.withColumn(FRESH, lit(true)))
          .withColumn(SUPERSEDED, superseded());

      Dataset<Row> chain = chain(all.filter(not(col(SUPERSEDED))), dataColumns, soft);
      List<Column> oldCols = new ArrayList<>(List.of(Keys.columns(keyAndSeq)));
      oldCols.add(lit(true).as(EXISTS));
      oldCols.add(col(CuratedColumns.END_AT).as(OLD_END));
      oldCols.add(col(CuratedColumns.IS_CURRENT).as(OLD_CURRENT));
      if (soft) {
        oldCols.add(col(CuratedColumns.VALUES_SEQUENCE).as(OLD_VALUES_SEQ));
      }
      Dataset<Row> old = versions.select(oldCols.toArray(Column[]::new));
      // Superseded images: a fresh one is ignored, a known one leaves the table (a known load event is a stored
      // version: tombstones are deletes).
      List<Column> goneCols = new ArrayList<>(List.of(Keys.columns(keyAndSeq)));
      goneCols.add(col(LATE));
      goneCols.add(when(col(FRESH), lit(IGNORE)).otherwise(lit(REMOVE)).as(ACTION));
      Dataset<Row> gone = all.filter(col(SUPERSEDED)).select(goneCols.toArray(Column[]::new));
      Column changed = col(EXISTS).isNull()
          .or(not(col(OLD_END).eqNullSafe(col(CuratedColumns.END_AT))))
          .or(not(col(OLD_CURRENT).eqNullSafe(col(CuratedColumns.IS_CURRENT))));
      if (soft) {
        // A key-only delete version whose last known values changed (an older change arrived).
        changed = changed.or(not(col(OLD_VALUES_SEQ).eqNullSafe(col(CuratedColumns.VALUES_SEQUENCE))));
      }
      Dataset<Row> diff = chain.join(old, Keys.using(keyAndSeq), "left")
          .filter(changed)
          .withColumn(ACTION, when(col(EXISTS).isNull(), lit(INSERT)).otherwise(lit(RECLOSE)))
          .unionByName(gone, true)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Optional<Dataset<Row>> deleted = Optional.empty();
      try {
        Column action = col(ACTION);
        Row d = diff.agg(sum(when(action.equalTo(INSERT), 1).otherwise(0)),
            sum(when(action.equalTo(RECLOSE), 1).otherwise(0)),
            sum(when(action.equalTo(REMOVE), 1).otherwise(0)),
            sum(when(action.equalTo(IGNORE), 1).otherwise(0)),
            sum(when(action.equalTo(IGNORE).and(col(LATE)), 1).otherwise(0))).head();
        long inserted = d.isNullAt(0) ? 0 : d.getLong(0);
        long reclosed = d.isNullAt(1) ? 0 : d.getLong(1);
        long removed = d.isNullAt(2) ? 0 : d.getLong(2);
        long ignored = d.isNullAt(3) ? 0 : d.getLong(3);
        long ignoredLate = d.isNullAt(4) ? 0 : d.getLong(4);
        phases.end("classify");
        if (!soft && freshDeletes > 0) {
          deleted = Optional.of(tombstones.orElseThrow()
              .take(fresh.filter(col(ChangeColumns.KIND).equalTo(ChangeColumns.DELETE))));
          phases.end("tombstones");
        }
        if (inserted + reclosed + removed > 0) {
          IdempotentTxn.run(txn, spark, () -> merge(diff.filter(not(action.equalTo(IGNORE)))
              .drop(EXISTS, OLD_END, OLD_CURRENT, OLD_VALUES_SEQ, LATE), dataColumns, soft, range));
          phases.end("merge");
        }
        if (deleted.isPresent()) {
          tombstones.orElseThrow().record(deleted.get(), txn.map(t -> t.forTable("tombstones")), dataColumns);
          phases.end("tombstones");
        }
        long insertedVersions = soft ? inserted - freshDeletes : inserted;
        return new MergeCounts(Math.max(0, insertedVersions), reclosed + removed, freshDeletes, ignored,
            backfilled - ignoredLate, total - freshCount);
      } finally {
        diff.unpersist();
        deleted.ifPresent(Dataset::unpersist);
      }
    } finally {
      marked.unpersist();
    }
  }

  /**
   * Whether an event is a load image read at or after its key's first change (by the events' times: the DMS read
   * time of an image, the commit time of a change), and so no version.
   */
  private Column superseded() {
    Column isLoad = col(CuratedColumns.OP).equalTo(lit(DmsOperation.LOAD.wireName()));
    Column firstChange = min(when(not(isLoad), col(ChangeColumns.TIME)))
        .over(Window.partitionBy(Keys.columns(contract.primaryKey())));
    return coalesce(isLoad.and(col(ChangeColumns.TIME).geq(firstChange)), lit(false));
  }

  /**
   * Versions from events: validity from each event to the next of the same key. In soft mode a key-only delete
   * shows the values of the key's newest earlier event that carried values (nulls, {@code ""} as their sequence,
   * if none), recomputed whenever the chain is: a change that arrives after the delete still shows in it.
   */
  private Dataset<Row> chain(Dataset<Row> allEvents, List<DataColumn> dataColumns, boolean soft) {
    WindowSpec byKey = Window.partitionBy(Keys.columns(contract.primaryKey())).orderBy(CuratedColumns.SEQUENCE);
    Column isDelete = col(ChangeColumns.KIND).equalTo(ChangeColumns.DELETE);
    Column fill = isDelete.and(col(ChangeColumns.KEY_ONLY));
    Dataset<Row> events = allEvents;
    if (soft) {
      List<Column> carried = new ArrayList<>();
      for (DataColumn c : dataColumns) {
        carried.add(Keys.columns(List.of(c.name()))[0].as(c.name()));
      }
      carried.add(col(VALUES_SEQ).as(VALUES_SEQ));
      Column carrier = when(not(col(ChangeColumns.KEY_ONLY)), struct(carried.toArray(Column[]::new)));
      events = events.withColumn(LAST_KNOWN, last(carrier, true)
          .over(byKey.rowsBetween(Window.unboundedPreceding(), -1)));
    }
    List<Column> out = new ArrayList<>();
    for (DataColumn c : dataColumns) {
      Column v = Keys.columns(List.of(c.name()))[0];
      boolean isKey = contract.primaryKey().contains(c.name());
      out.add((soft && !isKey ? when(fill, col(LAST_KNOWN).getField(c.name())).otherwise(v) : v).as(c.name()));
    }
    out.add(col(CuratedColumns.OP));
    out.add(col(CuratedColumns.SEQUENCE));
    out.add(col(CuratedColumns.COMMIT_TIMESTAMP));
    out.add(col(CuratedColumns.ARRIVAL_TIMESTAMP));
    if (soft) {
      out.add(isDelete.as(CuratedColumns.DELETED));
      out.add(when(isDelete, col(ChangeColumns.TIME)).as(CuratedColumns.DELETED_AT));
      out.add(when(fill, coalesce(col(LAST_KNOWN).getField(VALUES_SEQ), lit(""))).otherwise(col(VALUES_SEQ))
          .as(CuratedColumns.VALUES_SEQUENCE));
    }
    out.add(col(ChangeColumns.TIME).as(CuratedColumns.START_AT));
    out.add(lead(col(ChangeColumns.TIME), 1).over(byKey).as(CuratedColumns.END_AT));
    out.add(lead(col(CuratedColumns.SEQUENCE), 1).over(byKey).isNull().as(CuratedColumns.IS_CURRENT));
    out.add(col(ChangeColumns.KIND));
    Dataset<Row> versions = events.select(out.toArray(Column[]::new));
    return soft ? versions.drop(ChangeColumns.KIND)
        : versions.filter(col(ChangeColumns.KIND).equalTo(ChangeColumns.UPSERT)).drop(ChangeColumns.KIND);
  }

  private void merge(Dataset<Row> source, List<DataColumn> dataColumns, boolean soft, Optional<KeyRange> range) {
    Map<String, Column> close = new LinkedHashMap<>();
    close.put(CuratedColumns.END_AT, col("s." + CuratedColumns.END_AT));
    close.put(CuratedColumns.IS_CURRENT, col("s." + CuratedColumns.IS_CURRENT));
    if (soft) {
      // A key-only delete version's values follow its last known values.
      for (DataColumn c : dataColumns) {
        close.put(c.name(), col("s." + Keys.q(c.name())));
      }
      close.put(CuratedColumns.VALUES_SEQUENCE, col("s." + CuratedColumns.VALUES_SEQUENCE));
    }
    Map<String, Column> insert = new LinkedHashMap<>();
    for (String name : source.columns()) {
      if (!name.equals(ACTION)) {
        insert.put(name, col("s." + Keys.q(name)));
      }
    }
    Column remove = col("s." + ACTION).equalTo(lit(REMOVE));
    if (target.createdWithoutRows()) {
      // Nothing can match a table without rows: the MERGE would only insert (see LatestStateMerge.insertAll).
      target.appendAsInserted(source.as("s").where(not(remove)), insert);
      return;
    }
    target.delta().as("t")
        .merge(source.as("s"), KeyRange.bound(expr(Keys.matchCondition(contract.primaryKey()) + " AND t."
            + CuratedColumns.SEQUENCE + " = s." + CuratedColumns.SEQUENCE), "t", range))
        .whenMatched(remove).delete()
        .whenMatched().update(close)
        .whenNotMatched(not(remove)).insert(insert)
        .execute();
  }

  /** A stored version as an event: what the change that started it said. */
  private Column[] eventColumns(List<DataColumn> dataColumns, boolean soft) {
    List<Column> out = new ArrayList<>();
    for (DataColumn c : dataColumns) {
      out.add(Keys.columns(List.of(c.name()))[0]);
    }
    out.add(col(CuratedColumns.OP));
    out.add(col(CuratedColumns.SEQUENCE));
    out.add(col(CuratedColumns.COMMIT_TIMESTAMP));
    out.add(col(CuratedColumns.ARRIVAL_TIMESTAMP));
    out.add((soft ? when(col(CuratedColumns.DELETED), lit(ChangeColumns.DELETE)).otherwise(lit(ChangeColumns.UPSERT))
        : lit(ChangeColumns.UPSERT)).as(ChangeColumns.KIND));
    // A stored key-only delete version names the change its values are from; its values are worked out again.
    Column valuesSeq = soft ? coalesce(col(CuratedColumns.VALUES_SEQUENCE), col(CuratedColumns.SEQUENCE))
        : col(CuratedColumns.SEQUENCE);
    out.add((soft ? col(CuratedColumns.DELETED).and(not(valuesSeq.equalTo(col(CuratedColumns.SEQUENCE))))
        : lit(false)).as(ChangeColumns.KEY_ONLY));
    out.add(col(CuratedColumns.START_AT).as(ChangeColumns.TIME));
    out.add(valuesSeq.as(VALUES_SEQ));
    return out.toArray(Column[]::new);
  }

  /** A hard delete's tombstone as an event: it carries no values, only its position and time. */
  private Column[] tombstoneEventColumns(List<DataColumn> dataColumns) {
    List<Column> out = new ArrayList<>();
    for (DataColumn c : dataColumns) {
      out.add(contract.primaryKey().contains(c.name()) ? Keys.columns(List.of(c.name()))[0].cast(c.type()).as(c.name())
          : lit(null).cast(c.type()).as(c.name()));
    }
    out.add(lit("delete").as(CuratedColumns.OP));
    out.add(col(CuratedColumns.SEQUENCE));
    out.add(lit(null).cast("timestamp").as(CuratedColumns.COMMIT_TIMESTAMP));
    out.add(lit(null).cast("timestamp").as(CuratedColumns.ARRIVAL_TIMESTAMP));
    out.add(lit(ChangeColumns.DELETE).as(ChangeColumns.KIND));
    out.add(lit(true).as(ChangeColumns.KEY_ONLY));
    out.add(col(Tombstones.DELETED_AT).as(ChangeColumns.TIME));
    out.add(col(CuratedColumns.SEQUENCE).as(VALUES_SEQ));
    return out.toArray(Column[]::new);
  }
}
