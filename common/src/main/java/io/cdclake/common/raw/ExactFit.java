package io.cdclake.common.raw;

import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Why a declared value's text does not give its typed value exactly, as a reason naming the column (never the
 * value, which may be card data), or null when it does or is absent.
 *
 * <p>Spark's cast answers only "is it a value of the type?": it rounds {@code 1.005} into {@code decimal(12,2)},
 * makes {@code 1e400} an infinite double and {@code 1e-400} a zero, and reads years past 9999 or before 1 that
 * its date and timestamp types do not hold (Athena and the Parquet readers of other engines do not either).
 * Written, each would be a curated row that differs from its source without anyone being told, so each is a
 * reason to hold the row until the contract (or the source) is fixed, like a value that is not of the type.
 *
 * <p>Pure column expressions, cheap per row: a regular expression or a comparison per declared column.
 */
public final class ExactFit {
  /** The significant fraction digits of plain decimal text ({@code 1.0050} gives {@code 005}), else empty. */
  private static final String PLAIN_FRACTION = "^\\s*[+-]?[0-9]*\\.([0-9]*[1-9])0*\\s*$";
  /** The mantissa of a number (the text before its exponent). */
  private static final String MANTISSA = "^[^eE]*";
  private static final String INFINITY = "(?i)^\\s*[+-]?inf(inity)?\\s*$";
  /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, the range of Spark's timestamp type. */
  private static final long MIN_MICROS = -62_135_596_800_000_000L;
  private static final long MAX_MICROS = 253_402_300_799_999_999L;

  private ExactFit() {}

  /**
   * The reason {@code value} (the try-cast of {@code text} to {@code type}) is not {@code text} exactly: not a
   * value of the type at all, or one the cast changed. {@code suffix} is appended to the reason.
   */
  public static Column problem(Column text, Column value, DataType type, String column, String suffix) {
    String sql = type.sql();
    Column reason = when(text.isNull(), lit(null).cast("string"))
        .when(value.isNull(), lit(column + " is not a valid " + sql + suffix));
    if (type instanceof DecimalType d) {
      reason = reason.when(moreDecimalPlaces(text, value, d),
          lit(column + " has more decimal places than " + sql + " holds" + suffix));
    } else if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      Column infinite = value.equalTo(lit(Double.POSITIVE_INFINITY)).or(value.equalTo(lit(Double.NEGATIVE_INFINITY)));
      reason = reason
          .when(infinite.and(not(text.rlike(INFINITY))),
              lit(column + " is beyond the range of " + sql + suffix))
          .when(value.equalTo(lit(0.0)).and(regexp_extract(text, MANTISSA, 0).rlike("[1-9]")),
              lit(column + " is too small for " + sql + " (it would be zero)" + suffix));
    } else if (type.equals(DataTypes.DateType) || type.equals(DataTypes.TimestampNTZType)) {
      reason = reason.when(year(value).lt(1).or(year(value).gt(9999)),
          lit(column + " is outside the years 1-9999 of " + sql + suffix));
    } else if (type.equals(DataTypes.TimestampType)) {
      // In microseconds, not by year(): that is the session time zone's year, which an instant near the edge
      // crosses.
      Column micros = unix_micros(value);
      reason = reason.when(micros.lt(MIN_MICROS).or(micros.gt(MAX_MICROS)),
          lit(column + " is outside the years 1-9999 of " + sql + suffix));
    }
    return reason;
  }

  /**
   * Plain text with more significant fraction digits than the scale; text with an exponent, by comparing with the
   * same text cast to the widest scale that keeps the type's integer digits (exact but for digits past 38).
   */
  private static Column moreDecimalPlaces(Column text, Column value, DecimalType type) {
    Column plain = length(regexp_extract(text, PLAIN_FRACTION, 1)).gt(type.scale());
    DecimalType wide = DataTypes.createDecimalType(38, 38 - type.precision() + type.scale());
    Column exponent = text.rlike("[eE]").and(value.notEqual(RawView.tryCast(text, wide)));
    return plain.or(exponent);
  }
}
