package io.cdclake.common.raw;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.SourceOptions;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsOperation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import scala.Option;

/**
 * The typed view of one table's raw rows under its current contract: the metadata columns, each declared column
 * cast from its text in {@code _data}, the undeclared ones in {@code _extra_columns}. Because the raw zone keeps
 * text, a contract change (a widening, a new declared column) re-reads old raw rows correctly.
 *
 * <p>A declared value that is present but does not fit its type exactly is neither turned into null nor changed
 * ({@link ExactFit}): {@link #TYPE_PROBLEMS} names the column, and curate holds the row until the contract is
 * fixed. Pure DataFrame transformations.
 */
public final class RawView {
  /** Why a row's declared values do not fit the contract: null when they all do. No values, only names. */
  public static final String TYPE_PROBLEMS = "__type_problems";
  /** The metadata key ingest sets on a delete made by a DynamoDB table's time to live. */
  public static final String TTL_DELETE = "ttl-delete";

  private RawView() {}

  /** The stored rows of {@code contract}'s table (data records only), in the stored layout. */
  public static Dataset<Row> ofTable(Dataset<Row> stored, TableContract contract) {
    return stored.where(dataOf(contract));
  }

  private static Column dataOf(TableContract contract) {
    return col(RawColumns.SOURCE_TABLE).equalTo(lit(contract.sourceId()))
        .and(col(RawColumns.RECORD_TYPE).equalTo(lit("data")));
  }

  /**
   * The stored rows of {@code contract}'s table and the control records (captured DDL) DMS sent for its source
   * table, which ingest keeps under {@link RawColumns#CONTROL_PARTITION}: both partitions are pruned to, no other
   * table's files are read.
   */
  public static Dataset<Row> ofTableWithControl(Dataset<Row> stored, TableContract contract) {
    Column control = col(RawColumns.SOURCE_TABLE).equalTo(lit(RawColumns.CONTROL_PARTITION))
        .and(col(RawColumns.RECORD_TYPE).equalTo(lit("control")))
        .and(col(RawColumns.SCHEMA_NAME).equalTo(lit(contract.sourceSchema())))
        .and(col(RawColumns.TABLE_NAME).equalTo(lit(contract.sourceTable())));
    return stored.where(dataOf(contract).or(control));
  }

  /**
   * Stored rows of one table -> {@link RawSchema#forTable} plus {@link #TYPE_PROBLEMS}, keeping the stored
   * columns it does not replace (so rows can still be held in the stored layout).
   */
  public static Dataset<Row> typed(Dataset<Row> stored, TableContract contract) {
    Column data = col(RawColumns.DATA);
    List<Column> out = new ArrayList<>();
    for (String c : stored.columns()) {
      out.add(col(quote(c)));
    }
    // A declared column's own name and the attribute it is read from are not extra; an attribute a path only
    // reaches into (the map 'address' of 'address.city') stays one, so the rest of its value is kept.
    Object[] notExtra = java.util.stream.Stream.of(
            contract.columns().stream().map(ColumnSpec::name),
            contract.columns().stream().map(ColumnSpec::sourcePath),
            java.util.stream.Stream.of(RawColumns.CHANGE_SEQ_HEADER,
                RawColumns.CHANGE_SEQ_HEADER.toUpperCase(java.util.Locale.ROOT)))
        .flatMap(s -> s).distinct().toArray();
    out.add(map_filter(data, (k, v) -> not(k.isin(notExtra))).as(RawColumns.EXTRA_COLUMNS));
    out.add(coalesce(data.getItem(RawColumns.CHANGE_SEQ_HEADER),
        data.getItem(RawColumns.CHANGE_SEQ_HEADER.toUpperCase(java.util.Locale.ROOT))).as(RawColumns.SOURCE_CHANGE_SEQ));
    List<Column> problems = new ArrayList<>();
    List<StructField> declared = RawSchema.declaredColumns(contract);
    List<Column> values = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      StructField f = declared.get(i);
      Column text = SourceValues.text(data, contract, contract.columns().get(i));
      Column value = SourceValues.typed(text, f.dataType());
      values.add(value);
      out.add(value.as(f.name()));
      problems.add(ExactFit.problem(text, value, f.dataType(), f.name(), ""));
    }
    problems.addAll(beforeImageProblems(contract, declared, values));
    // concat_ws skips nulls itself; array_compact would make it a higher-order function, which Spark never
    // compiles, so every check under it (each value of each row) would run interpreted.
    Column problemText = problems.isEmpty() ? lit(null).cast("string")
        : concat_ws("; ", problems.toArray(Column[]::new));
    out.add(when(problemText.equalTo(lit("")), lit(null).cast("string")).otherwise(problemText)
        .as(TYPE_PROBLEMS));
    Dataset<Row> view = stored.select(out.toArray(Column[]::new));
    if (contract.source().ttlDeletes() == SourceOptions.TtlDeletes.IGNORE) {
      // The contract keeps expired items: their TTL deletes stay in the raw zone and never reach the table.
      view = view.where(not(coalesce(col(RawColumns.METADATA).getItem(TTL_DELETE).equalTo(lit("true")), lit(false))));
    }
    return view;
  }

  /**
   * An update's before-image is read for its key, to tell a key change, and on a key change for the old key's
   * delete row (a soft-delete table shows its values). A value there that the cast cannot read or would change is a
   * problem like one in the row image, so the record is held instead of an old key left undeleted or a deleted row
   * showing a rounded value. The other columns of a plain update's before-image are not used, so not checked.
   */
  private static List<Column> beforeImageProblems(TableContract contract, List<StructField> declared,
      List<Column> values) {
    Column before = col(RawColumns.BEFORE_IMAGE);
    Column read = col(RawColumns.OP).equalTo(lit(DmsOperation.UPDATE.wireName())).and(before.isNotNull());
    String suffix = " (in the before-image)";
    List<Column> keys = new ArrayList<>();
    List<Column> others = new ArrayList<>();
    Map<String, Column> beforeValues = new HashMap<>();
    Map<String, Column> afterValues = new HashMap<>();
    for (int i = 0; i < declared.size(); i++) {
      StructField f = declared.get(i);
      Column text = SourceValues.text(before, contract, contract.columns().get(i));
      Column value = SourceValues.typed(text, f.dataType());
      Column problem = ExactFit.problem(text, value, f.dataType(), f.name(), suffix);
      if (contract.primaryKey().contains(f.name())) {
        keys.add(when(read, problem));
        beforeValues.put(f.name(), value);
        afterValues.put(f.name(), values.get(i));
      } else {
        others.add(problem);
      }
    }
    // Keys only: a contract that declares no columns has none here, and then no other values to check either.
    Column onKeyChange = keyChanged(contract.primaryKey().stream().filter(beforeValues::containsKey).toList(),
        beforeValues::get, afterValues::get);
    List<Column> out = new ArrayList<>(keys);
    others.forEach(p -> out.add(when(onKeyChange, p)));
    return out;
  }

  /**
   * Whether a raw row is a key change: an update with a before-image whose typed key ({@code before}) is present
   * and differs from the row image's ({@code after}). The one definition of it, for the holds and the extraction.
   */
  public static Column keyChanged(List<String> primaryKey, Function<String, Column> before,
      Function<String, Column> after) {
    Column changed = lit(false);
    for (String key : primaryKey) {
      Column old = before.apply(key);
      changed = changed.or(old.isNotNull().and(not(old.eqNullSafe(after.apply(key)))));
    }
    return col(RawColumns.OP).equalTo(lit(DmsOperation.UPDATE.wireName()))
        .and(col(RawColumns.BEFORE_IMAGE).isNotNull())
        .and(changed);
  }

  /** {@code try_cast}: null when the text is not a value of the type, whatever ANSI mode says; never throws. */
  public static Column tryCast(Column value, DataType type) {
    return new Column(new Cast(value.expr(), type, Option.empty(), EvalMode$.MODULE$.TRY()));
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
