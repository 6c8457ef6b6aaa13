package io.cdclake.common.raw;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.TableContract;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of a table's raw-zone files. Ingest writes exactly this and curate reads with exactly this, so
 * neither infers a schema from files: a new declared column simply reads as null in older files.
 */
public final class RawSchema {
  private RawSchema() {}

  public static StructType metadata() {
    DataType textMap = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);
    return new StructType()
        .add(RawColumns.OP, DataTypes.StringType, false)
        .add(RawColumns.DMS_TIMESTAMP, DataTypes.TimestampType, true)
        .add(RawColumns.COMMIT_TIMESTAMP, DataTypes.TimestampType, true)
        .add(RawColumns.TRANSACTION_ID, DataTypes.StringType, true)
        .add(RawColumns.PREVIOUS_TRANSACTION_ID, DataTypes.StringType, true)
        .add(RawColumns.TRANSACTION_RECORD_ID, DataTypes.LongType, true)
        .add(RawColumns.STREAM_POSITION, DataTypes.StringType, true)
        .add(RawColumns.STREAM_SEQUENCE, DataTypes.StringType, true)
        .add(RawColumns.STREAM_PARTITION_KEY, DataTypes.StringType, true)
        .add(RawColumns.ARRIVAL_TIMESTAMP, DataTypes.TimestampType, true)
        .add(RawColumns.INGEST_BATCH_ID, DataTypes.LongType, true)
        .add(RawColumns.BEFORE_IMAGE, textMap, true)
        .add(RawColumns.EXTRA_COLUMNS, textMap, true);
  }

  /** The declared columns of a contract, with the types they are stored under (protected columns are text). */
  public static List<StructField> declaredColumns(TableContract contract) {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec c : contract.columns()) {
      fields.add(DataTypes.createStructField(c.name(), DataType.fromDDL(c.storedType()), true));
    }
    return fields;
  }

  /** Full raw schema of one table, partition columns last. */
  public static StructType forTable(TableContract contract) {
    StructType schema = metadata();
    for (StructField f : declaredColumns(contract)) {
      schema = schema.add(f);
    }
    for (String p : RawColumns.PARTITIONS) {
      schema = schema.add(p, DataTypes.StringType, false);
    }
    return schema;
  }
}
