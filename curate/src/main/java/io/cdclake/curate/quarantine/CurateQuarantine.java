package io.cdclake.curate.quarantine;

import static io.cdclake.curate.order.SourceOrder.quoted;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_concat;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.curate.merge.IdempotentTxn;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw rows curate could not apply, held with the reason, one Delta table per curated table under
 * {@code <quarantine>/curate/<curated table>}. They are raw-zone rows, so protected columns are already hashed or
 * masked; the declared columns are kept as one JSON text ({@value #PAYLOAD}) so that rows held under one contract
 * version can still be read after the contract changed a type.
 *
 * <p>Rows held for a {@link ReasonCode#SCHEMA schema} problem are released automatically by the next run whose
 * contract and table agree again; rows that can never apply ({@link ReasonCode#INVALID_ROW}) stay for a person.
 */
public final class CurateQuarantine {
  private static final Logger LOG = LoggerFactory.getLogger(CurateQuarantine.class);

  public static final String PAYLOAD = "_payload";
  public static final String REASON_CODE = "_reason_code";
  public static final String REASON = "_reason";
  public static final String QUARANTINED_AT = "_quarantined_at";
  public static final String BATCH_ID = "_curate_batch_id";

  /** Why rows are held. */
  public enum ReasonCode {
    /** The table's schema cannot take the batch (type narrowing, mode change, colliding column name). */
    SCHEMA,
    /** The row itself cannot be applied (no key value, unknown operation). */
    INVALID_ROW
  }

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
   * Appends raw rows with their reason. Under {@code txn} the append is idempotent: a batch replayed after a
   * crash is not held twice.
   */
  public long hold(Dataset<Row> raw, ReasonCode code, Column reason, long batchId, Optional<IdempotentTxn> txn) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : RawSchema.metadata().fields()) {
      cols.add(col(f.name()));
    }
    List<Column> declared = new ArrayList<>();
    for (StructField f : RawSchema.declaredColumns(contract)) {
      declared.add(quoted(f.name()));
    }
    cols.add(declared.isEmpty() ? lit("{}").as(PAYLOAD) : to_json(struct(declared.toArray(Column[]::new))).as(PAYLOAD));
    for (String p : RawColumns.PARTITIONS) {
      cols.add(col(p));
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

  /**
   * Rows held for a schema problem, back in raw-zone shape under the current contract. Values of columns the
   * contract no longer declares move to {@code _extra_columns}, as text, so that nothing held is lost when the
   * fix was to undeclare a column.
   */
  public Optional<Dataset<Row>> heldForSchema() {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    StructType declared = new StructType(RawSchema.declaredColumns(contract).toArray(StructField[]::new));
    String declaredNames = Arrays.stream(declared.fieldNames())
        .map(n -> "'" + n.replace("\\", "\\\\").replace("'", "\\'") + "'")
        .collect(Collectors.joining(", "));
    Dataset<Row> held = spark.read().format("delta").load(path)
        .filter(col(REASON_CODE).equalTo(ReasonCode.SCHEMA.name()))
        .withColumn("__declared", from_json(col(PAYLOAD), declared))
        .withColumn("__undeclared", expr("map_filter(from_json(" + PAYLOAD + ", 'map<string,string>'), (k, v) -> "
            + (declaredNames.isEmpty() ? "true" : "NOT array_contains(array(" + declaredNames + "), k)") + ")"));
    List<Column> cols = new ArrayList<>();
    for (StructField f : RawSchema.metadata().fields()) {
      if (f.name().equals(RawColumns.EXTRA_COLUMNS)) {
        cols.add(map_concat(coalesce(col(f.name()), expr("map()").cast(f.dataType())), col("__undeclared"))
            .as(f.name()));
      } else {
        cols.add(col(f.name()));
      }
    }
    for (StructField f : declared.fields()) {
      cols.add(col("__declared").getField(f.name()).as(f.name()));
    }
    for (String p : RawColumns.PARTITIONS) {
      cols.add(col(p));
    }
    return Optional.of(held.select(cols.toArray(Column[]::new)));
  }

  /** Removes the schema-held rows once they have been applied. */
  public void releaseSchemaHeld() {
    DeltaTable.forPath(spark, path).delete(col(REASON_CODE).equalTo(ReasonCode.SCHEMA.name()));
  }
}
