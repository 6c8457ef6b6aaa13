package io.cdclake.curate.schema;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Which column type changes keep every stored value exactly, so curate may rewrite a curated column to the new
 * type without asking. Everything else (narrowing, text to number, number to text) needs a person: it would lose
 * or reinterpret data, and a column that became protected must not keep its clear-text past as a string.
 */
public final class TypeWidening {
  private static final List<DataType> INTEGRALS =
      List.of(DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType);
  /** Decimal digits an integral type needs. */
  private static final int[] INTEGRAL_DIGITS = {3, 5, 10, 20};

  private TypeWidening() {}

  /** Whether every value of {@code from} converts to {@code to} without loss. Equal types are not a widening. */
  public static boolean isSafe(DataType from, DataType to) {
    if (from.equals(to)) {
      return false;
    }
    int fromIntegral = INTEGRALS.indexOf(from);
    if (fromIntegral >= 0) {
      int toIntegral = INTEGRALS.indexOf(to);
      if (toIntegral >= 0) {
        return toIntegral > fromIntegral;
      }
      if (to instanceof DecimalType d) {
        return d.precision() - d.scale() >= INTEGRAL_DIGITS[fromIntegral];
      }
      // A double holds every int exactly, not every long.
      return to.equals(DataTypes.DoubleType) && !from.equals(DataTypes.LongType);
    }
    if (from.equals(DataTypes.FloatType)) {
      return to.equals(DataTypes.DoubleType);
    }
    if (from instanceof DecimalType f && to instanceof DecimalType t) {
      return t.scale() >= f.scale() && t.precision() - t.scale() >= f.precision() - f.scale();
    }
    return from.equals(DataTypes.DateType) && to.equals(DataTypes.TimestampType);
  }
}
