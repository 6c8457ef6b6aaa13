package io.cdclake.catalog.model;

import io.cdclake.catalog.CatalogException;
import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;

/**
 * Spark SQL types as Hive/Athena type strings, the form Glue stores in {@code Column.Type}.
 *
 * <p>The mapping is exact or it fails: a type Athena cannot read (intervals, user-defined types) is an error
 * naming the column, never a silent {@code string}.
 */
public final class HiveTypes {
  /**
   * Where Spark keeps the declared {@code char(n)}/{@code varchar(n)} of a column it stores as a string; Delta
   * writes it into the schema it logs, so the catalog can give Athena the declared length back.
   */
  static final String CHAR_VARCHAR_METADATA_KEY = "__CHAR_VARCHAR_TYPE_STRING";

  private HiveTypes() {}

  /** The Hive type of a top-level or nested field, honouring a declared char/varchar. */
  public static String of(StructField field, String where, boolean quoteNestedNames) {
    DataType type = field.dataType();
    if (field.metadata().contains(CHAR_VARCHAR_METADATA_KEY)) {
      type = DataType.fromDDL(field.metadata().getString(CHAR_VARCHAR_METADATA_KEY));
    }
    return of(type, where, quoteNestedNames);
  }

  /**
   * The Hive type string of a Spark type.
   *
   * @param where            the column path, for error messages
   * @param quoteNestedNames backtick struct field names (DDL text) or not (Glue's stored type string)
   */
  public static String of(DataType type, String where, boolean quoteNestedNames) {
    if (type instanceof BooleanType) {
      return "boolean";
    } else if (type instanceof ByteType) {
      return "tinyint";
    } else if (type instanceof ShortType) {
      return "smallint";
    } else if (type instanceof IntegerType) {
      return "int";
    } else if (type instanceof LongType) {
      return "bigint";
    } else if (type instanceof FloatType) {
      return "float";
    } else if (type instanceof DoubleType) {
      return "double";
    } else if (type instanceof DecimalType d) {
      return "decimal(" + d.precision() + "," + d.scale() + ")";
    } else if (type instanceof CharType c) {
      return "char(" + c.length() + ")";
    } else if (type instanceof VarcharType v) {
      return "varchar(" + v.length() + ")";
    } else if (type instanceof StringType) {
      return "string";
    } else if (type instanceof BinaryType) {
      return "binary";
    } else if (type instanceof DateType) {
      return "date";
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      // Hive has one timestamp type; Parquet carries the UTC-adjusted flag, which Athena reads from the file.
      return "timestamp";
    } else if (type instanceof ArrayType a) {
      return "array<" + of(a.elementType(), where + "[]", quoteNestedNames) + ">";
    } else if (type instanceof MapType m) {
      return "map<" + of(m.keyType(), where + ".key", quoteNestedNames) + ","
          + of(m.valueType(), where + ".value", quoteNestedNames) + ">";
    } else if (type instanceof StructType s) {
      return struct(s, where, quoteNestedNames);
    }
    throw new CatalogException("column " + where + " has Spark type " + type.simpleString()
        + ", which Athena cannot read; cast it to a supported type (numeric, decimal, string, binary, boolean,"
        + " date, timestamp, array, map, struct) in the curated table");
  }

  private static String struct(StructType s, String where, boolean quoteNestedNames) {
    if (s.fields().length == 0) {
      throw new CatalogException("column " + where + " is an empty struct, which Hive and Athena cannot declare");
    }
    StringJoiner fields = new StringJoiner(",", "struct<", ">");
    Set<String> seen = new HashSet<>();
    for (StructField f : s.fields()) {
      String path = where + "." + f.name();
      String name = Identifiers.normalize(f.name(), "field " + path);
      if (!seen.add(name)) {
        throw new CatalogException("struct " + where + " has two fields named '" + name + "' once case is"
            + " ignored, which Athena cannot tell apart");
      }
      fields.add((quoteNestedNames ? Identifiers.quote(name) : name) + ":" + of(f, path, quoteNestedNames));
    }
    return fields.toString();
  }
}
