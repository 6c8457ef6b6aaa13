package io.cdclake.ingest.decode;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsFields;
import io.cdclake.common.pci.ColumnProtection;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawSchema;
import io.cdclake.ingest.source.SourceColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Turns the decoded data records of one table into raw-zone rows: DMS metadata columns, declared columns cast to
 * their contract types, undeclared columns in {@code _extra_columns}, protected columns protected, day
 * partitions; exactly {@link RawSchema#forTable}. Records whose values do not fit the contract are split off
 * for quarantine. Pure DataFrame transformations.
 */
public final class TableRows {
  /** Why a record of a configured table cannot be written, empty when it can. */
  static final String PROBLEMS = "__problems";
  private static final String TYPE_PROBLEM_MARK = " is not a valid ";

  private TableRows() {}

  /**
   * The table's records with typed columns and {@link #PROBLEMS}, still carrying the source columns (needed to
   * quarantine the rejects).
   */
  static Dataset<Row> typed(Dataset<Row> decoded, TableContract contract, long batchId) {
    Dataset<Row> mine = Envelope.ofKind(decoded, Envelope.KIND_DATA)
        .where(col(Envelope.SCHEMA).equalTo(lit(contract.sourceSchema()))
            .and(col(Envelope.TABLE).equalTo(lit(contract.sourceTable()))));

    Column data = col(Envelope.DATA);
    Column md = col(Envelope.METADATA);
    List<Column> select = new ArrayList<>();
    for (String c : SourceColumns.ALL) {
      select.add(col(c));
    }
    select.add(col(Envelope.SCHEMA));
    select.add(col(Envelope.TABLE));
    select.add(col(Envelope.OPERATION));
    select.add(col(Envelope.TIMESTAMP));

    select.add(col(Envelope.OPERATION).as(RawColumns.OP));
    select.add(col(Envelope.TIMESTAMP).as(RawColumns.DMS_TIMESTAMP));
    select.add(Casts.tryCast(md.getField(DmsFields.COMMIT_TIMESTAMP), DataTypes.TimestampType)
        .as(RawColumns.COMMIT_TIMESTAMP));
    select.add(md.getField(DmsFields.TRANSACTION_ID).as(RawColumns.TRANSACTION_ID));
    select.add(md.getField(DmsFields.PREVIOUS_TRANSACTION_ID).as(RawColumns.PREVIOUS_TRANSACTION_ID));
    select.add(Casts.tryCast(md.getField(DmsFields.TRANSACTION_RECORD_ID), DataTypes.LongType)
        .as(RawColumns.TRANSACTION_RECORD_ID));
    select.add(md.getField(DmsFields.STREAM_POSITION).as(RawColumns.STREAM_POSITION));
    select.add(col(SourceColumns.STREAM_SEQUENCE).as(RawColumns.STREAM_SEQUENCE));
    select.add(col(SourceColumns.PARTITION_KEY).as(RawColumns.STREAM_PARTITION_KEY));
    select.add(Partitions.arrival().as(RawColumns.ARRIVAL_TIMESTAMP));
    select.add(lit(batchId).as(RawColumns.INGEST_BATCH_ID));
    select.add(col(Envelope.BEFORE).as(RawColumns.BEFORE_IMAGE));
    Object[] declared = contract.columns().stream().map(ColumnSpec::name).toArray();
    select.add(map_filter(data, (k, v) -> not(k.isin(declared))).as(RawColumns.EXTRA_COLUMNS));

    List<Column> problems = new ArrayList<>();
    for (ColumnSpec c : contract.columns()) {
      DataType type = DataType.fromDDL(c.sparkType());
      Column text = data.getItem(c.name());
      Column value = Casts.tryCast(text, type);
      select.add(value.as(c.name()));
      problems.add(when(text.isNotNull().and(value.isNull()),
          lit(c.name() + TYPE_PROBLEM_MARK + type.sql())));
    }
    for (String key : contract.primaryKey()) {
      problems.add(when(data.getItem(key).isNull(), lit("primary-key column " + key + " is missing or null")));
    }
    select.add(array_compact(array(problems.toArray(Column[]::new))).as(PROBLEMS));
    select.addAll(Partitions.days());
    return mine.select(select.toArray(Column[]::new));
  }

  /** The rows to write: valid records, protected, in exactly the table's raw schema. */
  public static Dataset<Row> valid(Dataset<Row> typed, TableContract contract, ColumnProtection protection) {
    Dataset<Row> ok = typed.where(size(col(PROBLEMS)).equalTo(0));
    Dataset<Row> protectedRows = protection.apply(ok, contract);
    List<Column> out = new ArrayList<>();
    for (StructField f : RawSchema.forTable(contract).fields()) {
      out.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return protectedRows.select(out.toArray(Column[]::new));
  }

  /** The records that cannot be written, in the quarantine layout. */
  public static Dataset<Row> rejected(Dataset<Row> typed, long batchId) {
    Dataset<Row> bad = typed.where(size(col(PROBLEMS)).gt(0));
    Column typeProblem = exists(col(PROBLEMS), p -> p.contains(TYPE_PROBLEM_MARK));
    return Quarantine.rows(bad
        .withColumn(Envelope.REASON, when(typeProblem, lit(QuarantineReason.TYPE_MISMATCH.code()))
            .otherwise(lit(QuarantineReason.MISSING_PRIMARY_KEY.code())))
        .withColumn(Envelope.DETAIL, concat_ws("; ", col(PROBLEMS))), batchId);
  }
}
