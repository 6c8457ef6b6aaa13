package io.cdclake.curate.schema;

import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.RawColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The metadata columns curate adds to every curated table, next to the contract's declared columns and the
 * evolved undeclared ones. All are plain Athena types (string, timestamp, boolean).
 */
public final class CuratedColumns {
  /** DMS operation of the change that produced this row state: load, insert, update or delete. */
  public static final String OP = RawColumns.OP;
  /**
   * The source-order position of that change ({@link io.cdclake.curate.order.SourceOrder#changeSequence}): a
   * fixed-width string, so that string order is source order. A change only applies if its sequence is higher.
   */
  public static final String SEQUENCE = "_cdc_sequence";
  /** Source commit time of that change; null for full-load rows. */
  public static final String COMMIT_TIMESTAMP = RawColumns.COMMIT_TIMESTAMP;
  /** When that change reached the stream. */
  public static final String ARRIVAL_TIMESTAMP = RawColumns.ARRIVAL_TIMESTAMP;

  /** Soft-delete mode: whether the source row is deleted. */
  public static final String DELETED = "_deleted";
  /** Soft-delete mode: source time of the delete. */
  public static final String DELETED_AT = "_deleted_at";
  /**
   * Soft-delete mode: the {@link #SEQUENCE} of the change whose values the row shows. Its own, except for a delete
   * record that carried only the key: that row shows the key's last known values, and this says which change they
   * are from ({@code ""}: none known yet), so that an older change arriving later can still fill them in. Null in
   * rows written before the column existed (their values stay as they are).
   */
  public static final String VALUES_SEQUENCE = "_values_sequence";

  /** SCD2: source time this version became valid (commit time; DMS time for full-load rows). */
  public static final String START_AT = "__start_at";
  /** SCD2: source time the next change of the key replaced or deleted this version; null while current. */
  public static final String END_AT = "__end_at";
  /** SCD2: whether this version is the key's current state. */
  public static final String IS_CURRENT = "__is_current";

  private CuratedColumns() {}

  /** The metadata columns of a table with this contract's delete and history modes, in table order. */
  public static List<StructField> metadata(TableContract contract) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(OP, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(SEQUENCE, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(COMMIT_TIMESTAMP, DataTypes.TimestampType, true));
    fields.add(DataTypes.createStructField(ARRIVAL_TIMESTAMP, DataTypes.TimestampType, true));
    if (contract.deleteMode() == DeleteMode.SOFT) {
      fields.add(DataTypes.createStructField(DELETED, DataTypes.BooleanType, true));
      fields.add(DataTypes.createStructField(DELETED_AT, DataTypes.TimestampType, true));
      fields.add(DataTypes.createStructField(VALUES_SEQUENCE, DataTypes.StringType, true));
    }
    if (contract.historyMode() == HistoryMode.SCD2) {
      fields.add(DataTypes.createStructField(START_AT, DataTypes.TimestampType, true));
      fields.add(DataTypes.createStructField(END_AT, DataTypes.TimestampType, true));
      fields.add(DataTypes.createStructField(IS_CURRENT, DataTypes.BooleanType, true));
    }
    return fields;
  }

  /** Every name curate may add, in lower case: a source column of that name would collide. */
  public static Set<String> reservedNames() {
    return Set.of(OP, SEQUENCE, COMMIT_TIMESTAMP, ARRIVAL_TIMESTAMP, DELETED, DELETED_AT, VALUES_SEQUENCE, START_AT,
        END_AT, IS_CURRENT);
  }

  public static boolean isReserved(String column) {
    String c = column.toLowerCase(Locale.ROOT);
    return reservedNames().contains(c) || RawColumns.isReserved(c);
  }
}
