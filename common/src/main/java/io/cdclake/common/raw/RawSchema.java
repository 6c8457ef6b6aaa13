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
 * The schemas of the raw zone: {@link #stored()}, exactly what the raw Delta table holds, and
 * {@link #forTable}, the typed per-table view curate derives from it ({@link RawView}).
 */
public final class RawSchema {
  private RawSchema() {}

  /**
   * Columns of {@link #stored()} (the first ones: arrival, batch, DMS and commit time) that Delta keeps min/max
   * statistics for, the raw table's {@code delta.dataSkippingNumIndexedCols}. Readers select raw rows by table and
   * day partition and by time, never by key or text; statistics on the long text columns would cost every write
   * for nothing.
   */
  public static final int STATS_COLUMNS = 4;

  /**
   * Parquet columns of {@link #stored()} whose values are nearly all distinct: the stream positions, transaction
   * ids and the values of the three text maps (one Parquet column holds every column's value of every row). A
   * dictionary never fits them; building it and falling back cost about a fifth of an ingest write. Map keys and
   * the low-cardinality columns keep their dictionaries.
   */
  public static final List<String> HIGH_CARDINALITY_PARQUET_COLUMNS = List.of(
      RawColumns.TRANSACTION_ID, RawColumns.PREVIOUS_TRANSACTION_ID, RawColumns.STREAM_POSITION,
      RawColumns.STREAM_SEQUENCE, RawColumns.STREAM_PARTITION_KEY,
      RawColumns.METADATA + ".key_value.value", RawColumns.DATA + ".key_value.value",
      RawColumns.BEFORE_IMAGE + ".key_value.value");

  static DataType textMap() {
    return DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);
  }

  /** The raw Delta table: envelope metadata typed, row images as text, partitions last. */
  public static StructType stored() {
    // The first STATS_COLUMNS columns are the ones Delta keeps file statistics for (see STATS_COLUMNS).
    return new StructType()
        .add(RawColumns.ARRIVAL_TIMESTAMP, DataTypes.TimestampType, true)
        .add(RawColumns.INGEST_BATCH_ID, DataTypes.LongType, true)
        .add(RawColumns.DMS_TIMESTAMP, DataTypes.TimestampType, true)
        .add(RawColumns.COMMIT_TIMESTAMP, DataTypes.TimestampType, true)
        .add(RawColumns.RECORD_TYPE, DataTypes.StringType, true)
        .add(RawColumns.OP, DataTypes.StringType, true)
        .add(RawColumns.SCHEMA_NAME, DataTypes.StringType, true)
        .add(RawColumns.TABLE_NAME, DataTypes.StringType, true)
        .add(RawColumns.TRANSACTION_ID, DataTypes.StringType, true)
        .add(RawColumns.PREVIOUS_TRANSACTION_ID, DataTypes.StringType, true)
        .add(RawColumns.TRANSACTION_RECORD_ID, DataTypes.LongType, true)
        .add(RawColumns.STREAM_POSITION, DataTypes.StringType, true)
        .add(RawColumns.STREAM_SEQUENCE, DataTypes.StringType, true)
        .add(RawColumns.STREAM_PARTITION_KEY, DataTypes.StringType, true)
        .add(RawColumns.METADATA, textMap(), true)
        .add(RawColumns.DATA, textMap(), true)
        .add(RawColumns.BEFORE_IMAGE, textMap(), true)
        .add(RawColumns.SOURCE_TABLE, DataTypes.StringType, true)
        .add(RawColumns.YEAR, DataTypes.StringType, true)
        .add(RawColumns.MONTH, DataTypes.StringType, true)
        .add(RawColumns.DAY, DataTypes.StringType, true);
  }

  /** Metadata columns of the per-table view. */
  public static StructType metadata() {
    StructType stored = stored();
    StructType out = new StructType();
    for (String name : RawColumns.VIEW_METADATA) {
      out = name.equals(RawColumns.EXTRA_COLUMNS)
          ? out.add(name, textMap(), true)
          : out.add(stored.apply(name));
    }
    return out;
  }

  /** The declared columns of a contract, with the types they are read as (protected columns are text). */
  public static List<StructField> declaredColumns(TableContract contract) {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec c : contract.columns()) {
      fields.add(DataTypes.createStructField(c.name(), DataType.fromDDL(c.storedType()), true));
    }
    return fields;
  }

  /** The per-table view of one contract: metadata, then the declared columns typed. */
  public static StructType forTable(TableContract contract) {
    StructType schema = metadata();
    for (StructField f : declaredColumns(contract)) {
      schema = schema.add(f);
    }
    return schema;
  }
}
