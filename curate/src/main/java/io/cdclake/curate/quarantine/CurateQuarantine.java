package io.cdclake.curate.quarantine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.curate.merge.IdempotentTxn;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw rows curate could not apply, held with the reason, one Delta table per curated table under
 * {@code <quarantine>/curate/<curated table>}. They are kept exactly as the raw zone stores them (values as text,
 * card data already protected), so rows held under one contract version are read again under the next one.
 *
 * <p>Rows held for a {@link ReasonCode#SCHEMA schema} problem, a {@link ReasonCode#TYPE_MISMATCH value that does
 * not fit} or a {@link ReasonCode#CONSTRAINT table constraint} are retried by every run and released as soon as the
 * contract and table take them; rows that can never
 * apply ({@link ReasonCode#INVALID_ROW}: no key value, unknown operation) stay for a person.
 */
public final class CurateQuarantine {
  private static final Logger LOG = LoggerFactory.getLogger(CurateQuarantine.class);

  public static final String REASON_CODE = "_reason_code";
  public static final String REASON = "_reason";
  public static final String QUARANTINED_AT = "_quarantined_at";
  public static final String BATCH_ID = "_curate_batch_id";

  /** Why rows are held. */
  public enum ReasonCode {
    /** The table's schema cannot take the batch (type narrowing, mode change, colliding column name). */
    SCHEMA,
    /** A declared column's value does not fit the contract's type (released once the contract is fixed). */
    TYPE_MISMATCH,
    /** The row itself cannot be applied (no key value, unknown operation). */
    INVALID_ROW,
    /**
     * The curated table's own CHECK constraint refuses the row (released once the constraint is dropped or no
     * longer refuses it).
     */
    CONSTRAINT
  }

  private static final List<String> RELEASABLE =
      List.of(ReasonCode.SCHEMA.name(), ReasonCode.TYPE_MISMATCH.name(), ReasonCode.CONSTRAINT.name());

  private final SparkSession spark;
  private final TableContract contract;
  private final String path;

  public CurateQuarantine(SparkSession spark, TableContract contract, String path) {
    this.spark = spark;
    this.contract = contract;
    this.path = path;
  }

  public String path() {
    return path;
  }

  /**
   * Appends raw rows (any frame holding the stored raw columns) with their reason. Under {@code txn} the append is
   * idempotent: a batch replayed after a crash is not held twice.
   */
  public long hold(Dataset<Row> raw, ReasonCode code, Column reason, long batchId, Optional<IdempotentTxn> txn) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : RawSchema.stored().fields()) {
      cols.add(col(f.name()));
    }
    cols.add(lit(code.name()).as(REASON_CODE));
    cols.add(reason.as(REASON));
    cols.add(current_timestamp().as(QUARANTINED_AT));
    cols.add(lit(batchId).as(BATCH_ID));
    Dataset<Row> held = raw.select(cols.toArray(Column[]::new));
    long n = held.count();
    var writer = held.write().format("delta").mode("append");
    if (txn.isPresent()) {
      writer = writer.option("txnAppId", txn.get().appId()).option("txnVersion", txn.get().version());
    }
    writer.save(path);
    LOG.warn("Curated table {}: {} raw change(s) held in quarantine at {} ({})", contract.curatedTable(), n, path,
        code);
    return n;
  }

  /** Rows held for a problem a contract or schema change can solve, in the stored raw layout. */
  public Optional<Dataset<Row>> releasable() {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    List<Column> cols = new ArrayList<>();
    for (StructField f : RawSchema.stored().fields()) {
      cols.add(col(f.name()));
    }
    return Optional.of(spark.read().format("delta").load(path)
        .filter(col(REASON_CODE).isin(RELEASABLE.toArray()))
        .select(cols.toArray(Column[]::new)));
  }

  /**
   * Removes the releasable rows that have been applied ({@code applied}: their stored rows). Not under a txn marker:
   * if a run dies before this, the next run applies them again, which the merge's sequence guard makes a no-op.
   */
  public void released(Dataset<Row> applied) {
    DeltaTable.forPath(spark, path).as("q")
        .merge(applied.select(col(RawColumns.STREAM_SEQUENCE), col(RawColumns.INGEST_BATCH_ID)).distinct().as("a"),
            col("q." + RawColumns.STREAM_SEQUENCE).eqNullSafe(col("a." + RawColumns.STREAM_SEQUENCE))
                .and(col("q." + RawColumns.INGEST_BATCH_ID).eqNullSafe(col("a." + RawColumns.INGEST_BATCH_ID)))
                .and(col("q." + REASON_CODE).isin(RELEASABLE.toArray())))
        .whenMatched().delete()
        .execute();
  }
}
