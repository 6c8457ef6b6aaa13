package io.cdclake.curate.change;

import static io.cdclake.curate.order.SourceOrder.quoted;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.raw.ExactFit;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawView;
import io.cdclake.common.raw.SourceValues;
import io.cdclake.curate.order.SourceOrder;
import io.cdclake.curate.schema.CuratedColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns raw-zone rows of one table into change rows: the table's data columns (declared ones typed, undeclared
 * ones from {@code _extra_columns}), curate's metadata columns, and the working columns of {@link ChangeColumns}.
 * A primary-key change (an update whose before-image holds another key) becomes two changes at the same source
 * position: a delete of the old key and an upsert of the new one.
 *
 * <p>Pure DataFrame transformations, no I/O.
 */
public final class ChangeExtractor {
  private static final List<String> DATA_OPS = Stream.of(DmsOperation.LOAD, DmsOperation.INSERT,
      DmsOperation.UPDATE, DmsOperation.DELETE).map(DmsOperation::wireName).toList();

  /**
   * Longest partition value a row may have: Delta writes it into a folder name, escaped (up to three characters
   * each), and file systems stop at 255 bytes per name.
   */
  static final int MAX_PARTITION_VALUE = 80;

  private final TableContract contract;
  private final List<DataColumn> columns;

  /**
   * @param columns the curated table's data columns after schema evolution; must include every primary-key column
   */
  public ChangeExtractor(TableContract contract, List<DataColumn> columns) {
    this.contract = contract;
    this.columns = List.copyOf(columns);
    for (String key : contract.primaryKey()) {
      if (columns.stream().noneMatch(c -> c.name().equals(key))) {
        throw new IllegalArgumentException("primary-key column '" + key + "' of " + contract.sourceId()
            + " is not among the data columns " + columns);
      }
    }
  }

  /**
   * Why a raw row of this contract's table cannot be applied, or null when it can: an operation that is not a data
   * operation, a primary-key column without a value (a change that cannot be matched to a row), or a partition
   * value that cannot be a folder name (which would fail the table's every merge). Looks at the raw
   * values only, so it can run before the schema is planned.
   */
  public static Column invalidReason(TableContract contract) {
    Column missingKey = lit(false);
    for (String key : contract.primaryKey()) {
      missingKey = missingKey.or(rawText(contract, key).isNull());
    }
    Column reason = when(not(col(RawColumns.OP).isin(DATA_OPS.toArray())),
            lit("operation is not one of " + DATA_OPS))
        .when(missingKey, lit("a primary-key column " + contract.primaryKey() + " has no value"));
    for (String p : contract.partitionBy()) {
      Column value = rawText(contract, p);
      reason = reason.when(value.rlike("[\\x00-\\x1F\\x7F]").or(length(value).gt(MAX_PARTITION_VALUE)),
          lit("partition column '" + p + "' holds a value that cannot be a folder name (a control character, or"
              + " over " + MAX_PARTITION_VALUE + " characters); fix it at the source, or partition the table by"
              + " another column"));
    }
    return reason;
  }

  /** A column's value as text before the schema is planned: the declared column, else its undeclared text. */
  private static Column rawText(TableContract contract, String name) {
    Column extra = col(RawColumns.EXTRA_COLUMNS).getItem(name);
    return contract.column(name).isPresent() ? coalesce(quoted(name).cast("string"), extra) : extra;
  }

  /**
   * {@code problems} (a row's type problems of declared columns, or null) with those of the undeclared columns the
   * table holds with a type other than text (a column the contract declared once and no longer does): a value
   * whose text is not of that type is a problem too, so the row is held rather than written with a null.
   */
  public static Column withUndeclaredTypeProblems(Column problems, TableContract contract, StructType table) {
    List<Column> all = new ArrayList<>(List.of(problems));
    for (StructField f : table.fields()) {
      boolean declared = contract.columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(f.name()));
      if (declared || CuratedColumns.isReserved(f.name()) || f.dataType().equals(DataTypes.StringType)) {
        continue;
      }
      Column text = col(RawColumns.EXTRA_COLUMNS).getItem(f.name());
      all.add(ExactFit.problem(text, SourceValues.typed(text, f.dataType()), f.dataType(), f.name(),
          " (the type the table holds it as)"));
    }
    if (all.size() == 1) {
      return problems;
    }
    Column joined = concat_ws("; ", all.toArray(Column[]::new));
    return when(joined.equalTo(lit("")), lit(null).cast("string")).otherwise(joined);
  }

  /** The change rows of valid raw rows (see {@link #invalidReason()}). */
  public Dataset<Row> extract(Dataset<Row> raw) {
    Column keyChanged = keyChanged();
    Dataset<Row> withFlag = raw.withColumn("__key_changed", keyChanged);
    Dataset<Row> afterImages = withFlag.select(projection(false));
    Dataset<Row> oldKeyDeletes = withFlag.filter(col("__key_changed")).select(projection(true));
    return afterImages.unionByName(oldKeyDeletes);
  }

  private Column keyChanged() {
    return RawView.keyChanged(contract.primaryKey(), this::beforeValue, this::value);
  }

  private Column[] projection(boolean oldKeyDelete) {
    List<Column> out = new ArrayList<>();
    for (DataColumn c : columns) {
      Column v = oldKeyDelete ? beforeValue(c.name()) : value(c.name());
      out.add(v.as(c.name()));
    }
    Column kind = oldKeyDelete
        ? lit(ChangeColumns.DELETE)
        : when(col(RawColumns.OP).equalTo(DmsOperation.DELETE.wireName()), lit(ChangeColumns.DELETE))
            .otherwise(lit(ChangeColumns.UPSERT));
    out.add(col(RawColumns.OP).as(CuratedColumns.OP));
    out.add(SourceOrder.changeSequence(contract.database()).as(CuratedColumns.SEQUENCE));
    out.add(col(RawColumns.COMMIT_TIMESTAMP).as(CuratedColumns.COMMIT_TIMESTAMP));
    out.add(col(RawColumns.ARRIVAL_TIMESTAMP).as(CuratedColumns.ARRIVAL_TIMESTAMP));
    out.add(kind.as(ChangeColumns.KIND));
    // Not kind = 'delete' for the old key's delete: Spark warns of a trivially true predicate on every batch.
    Column isDelete = oldKeyDelete ? lit(true) : kind.equalTo(ChangeColumns.DELETE);
    out.add(isDelete.and(otherColumnsNull(oldKeyDelete)).as(ChangeColumns.KEY_ONLY));
    out.add(SourceOrder.sourceTime().as(ChangeColumns.TIME));
    out.add(SourceOrder.batchOrder(contract.database()).as(ChangeColumns.ORDER));
    return out.toArray(Column[]::new);
  }

  private Column otherColumnsNull(boolean oldKeyDelete) {
    Column allNull = null;
    for (DataColumn c : columns) {
      if (!contract.primaryKey().contains(c.name())) {
        Column isNull = (oldKeyDelete ? beforeValue(c.name()) : value(c.name())).isNull();
        allNull = allNull == null ? isNull : allNull.and(isNull);
      }
    }
    return allNull == null ? lit(false) : allNull;
  }

  /**
   * A column's value after the change. A declared column falls back to {@code _extra_columns}: files written
   * before the contract declared it carry it there, as text.
   */
  private Column value(String name) {
    DataColumn c = column(name);
    // try_cast: a value that does not fit was held (withUndeclaredTypeProblems), never nulled by a lenient cast.
    Column extra = SourceValues.typed(col(RawColumns.EXTRA_COLUMNS).getItem(name), c.type());
    if (!c.declared()) {
      return extra;
    }
    return coalesce(quoted(name), extra);
  }

  private Column beforeValue(String name) {
    Column text = contract.column(name)
        .map(spec -> SourceValues.text(col(RawColumns.BEFORE_IMAGE), contract, spec))
        .orElse(col(RawColumns.BEFORE_IMAGE).getItem(name));
    return SourceValues.typed(text, column(name).type());
  }

  private DataColumn column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no data column '" + name + "'"));
  }

  /** The type a data column has in the change rows. */
  public DataType typeOf(String name) {
    return column(name).type();
  }

  public List<DataColumn> columns() {
    return columns;
  }

  public TableContract contract() {
    return contract;
  }
}
