package io.cdclake.ingest.decode;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsFields;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.RecordType;
import io.cdclake.ingest.source.SourceColumns;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Parses the DMS envelope of every source record and classifies it as a data record of a configured table,
 * a control record, or a record for quarantine with its reason. Pure DataFrame transformation.
 *
 * <p>{@code data} and {@code before-image} are parsed as {@code map<string,string>}: Spark's JSON parser keeps
 * the literal text of numbers for string targets, so {@code 1999.99} reaches the contract cast as "1999.99"
 * (never through a double) and columns the contract does not know survive as text.
 */
public final class Envelope {
  /** {@code data}, {@code control} or {@code quarantine}. */
  public static final String KIND = "__kind";
  public static final String REASON = "__reason";
  public static final String DETAIL = "__detail";
  public static final String SCHEMA = "__schema_name";
  public static final String TABLE = "__table_name";
  public static final String OPERATION = "__operation";
  public static final String DATA = "__data";
  public static final String BEFORE = "__before";
  /** The parsed metadata struct, with fields named as DMS names them. */
  public static final String METADATA = "__metadata";
  public static final String TIMESTAMP = "__timestamp";

  public static final String KIND_DATA = "data";
  public static final String KIND_CONTROL = "control";
  public static final String KIND_QUARANTINE = "quarantine";

  private static final String CORRUPT = "_corrupt";

  private Envelope() {}

  static StructType schema() {
    DataType textMap = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);
    StructType metadata = new StructType();
    for (String f : List.of(DmsFields.TIMESTAMP, DmsFields.RECORD_TYPE, DmsFields.OPERATION,
        DmsFields.PARTITION_KEY_TYPE, DmsFields.SCHEMA_NAME, DmsFields.TABLE_NAME, DmsFields.TRANSACTION_ID,
        DmsFields.PREVIOUS_TRANSACTION_ID, DmsFields.TRANSACTION_RECORD_ID, DmsFields.COMMIT_TIMESTAMP,
        DmsFields.STREAM_POSITION)) {
      metadata = metadata.add(f, DataTypes.StringType, true);
    }
    return new StructType()
        .add(DmsFields.DATA, textMap, true)
        .add(DmsFields.BEFORE_IMAGE, textMap, true)
        .add(DmsFields.METADATA, metadata, true)
        .add(CORRUPT, DataTypes.StringType, true);
  }

  /**
   * Adds the parsed envelope and the classification to normalised source records.
   *
   * @param records rows with {@link SourceColumns}
   * @param tables  the configured contracts; data records of other tables are quarantined
   */
  public static Dataset<Row> decode(Dataset<Row> records, Collection<TableContract> tables) {
    Dataset<Row> parsed = records.withColumn("__env", from_json(col(SourceColumns.VALUE), schema(),
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)));
    Column md = col("__env").getField(DmsFields.METADATA);
    Column recordType = lower(trim(md.getField(DmsFields.RECORD_TYPE)));
    Column operation = lower(trim(md.getField(DmsFields.OPERATION)));
    Column schemaName = md.getField(DmsFields.SCHEMA_NAME);
    Column tableName = md.getField(DmsFields.TABLE_NAME);
    Column timestampText = md.getField(DmsFields.TIMESTAMP);
    Column timestamp = Casts.tryCast(timestampText, DataTypes.TimestampType);
    Column data = col("__env").getField(DmsFields.DATA);

    Column isData = recordType.equalTo(lit(RecordType.DATA.wireName()));
    Column isControl = recordType.equalTo(lit(RecordType.CONTROL.wireName()));
    Column dataOp = operation.isin(ops(true));
    Column controlOp = operation.isin(ops(false));
    Column sourceId = concat(schemaName, lit("."), tableName);
    Object[] configured = tables.stream().map(TableContract::sourceId).toArray();

    Column malformed = col("__env").isNull().or(col("__env").getField(CORRUPT).isNotNull());
    Column shapeProblem = when(md.isNull(), lit("no 'metadata' object"))
        .when(recordType.isNull(), lit("metadata.record-type is missing"))
        .when(isData.or(isControl).unary_$bang(), lit("metadata.record-type is not 'data' or 'control'"))
        .when(operation.isNull(), lit("metadata.operation is missing"))
        .when(dataOp.or(controlOp).unary_$bang(), lit("metadata.operation is not a known DMS operation"))
        .when(isData.and(dataOp.unary_$bang()), lit("a data record with a control operation"))
        .when(isControl.and(controlOp.unary_$bang()), lit("a control record with a data operation"))
        .when(timestampText.isNull(), lit("metadata.timestamp is missing"))
        .when(timestamp.isNull(), lit("metadata.timestamp is not an ISO-8601 timestamp"))
        .when(isData.and(blank(schemaName).or(blank(tableName))),
            lit("metadata.schema-name or table-name is missing"))
        .when(isData.and(data.isNull()), lit("a data record without a 'data' object"))
        .when(isData.and(badLong(md.getField(DmsFields.TRANSACTION_RECORD_ID))),
            lit("metadata.transaction-record-id is not a whole number"))
        .when(isData.and(badTimestamp(md.getField(DmsFields.COMMIT_TIMESTAMP))),
            lit("metadata.commit-timestamp is not an ISO-8601 timestamp"));
    Column unconfigured = isData.and(sourceId.isin(configured).unary_$bang());
    Column reason = when(malformed, lit(QuarantineReason.MALFORMED_JSON.code()))
        .when(shapeProblem.isNotNull(), lit(QuarantineReason.UNKNOWN_SHAPE.code()))
        .when(unconfigured, lit(QuarantineReason.UNCONFIGURED_TABLE.code()));
    Column detail = when(malformed, lit("not a JSON object with the DMS envelope fields"))
        .when(shapeProblem.isNotNull(), shapeProblem)
        .when(unconfigured, concat(lit("no data contract for table "), sourceId));

    return parsed
        .withColumn(DETAIL, detail)
        .withColumn(REASON, reason)
        .withColumn(KIND, when(col(REASON).isNotNull(), lit(KIND_QUARANTINE))
            .when(isData, lit(KIND_DATA)).otherwise(lit(KIND_CONTROL)))
        .withColumn(METADATA, md)
        .withColumn(SCHEMA, schemaName)
        .withColumn(TABLE, tableName)
        .withColumn(OPERATION, operation)
        .withColumn(TIMESTAMP, timestamp)
        .withColumn(DATA, data)
        .withColumn(BEFORE, col("__env").getField(DmsFields.BEFORE_IMAGE))
        .drop("__env");
  }

  private static Object[] ops(boolean data) {
    return Arrays.stream(DmsOperation.values()).filter(o -> o.isData() == data).map(DmsOperation::wireName)
        .toArray();
  }

  private static Column blank(Column c) {
    return coalesce(trim(c), lit("")).equalTo(lit(""));
  }

  private static Column badLong(Column text) {
    return text.isNotNull().and(Casts.tryCast(text, DataTypes.LongType).isNull());
  }

  private static Column badTimestamp(Column text) {
    return text.isNotNull().and(Casts.tryCast(text, DataTypes.TimestampType).isNull());
  }

  /** Rows of one kind. */
  public static Dataset<Row> ofKind(Dataset<Row> decoded, String kind) {
    return decoded.where(col(KIND).equalTo(lit(kind)));
  }

}
