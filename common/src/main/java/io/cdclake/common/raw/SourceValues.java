package io.cdclake.common.raw;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.TableContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * Where a declared column's value is in a raw row image ({@code _data} or {@code _before_image}, text maps), as a
 * Spark expression: the column's {@link ColumnSpec#path path}, resolved the same way for every source database.
 *
 * <p>A path {@code a.b.c} is looked up as written first (DMS's table mode for DocumentDB flattens nested fields
 * into columns named {@code a.b}), then as a path into the JSON value of a shorter prefix ({@code c} in the value
 * of {@code a.b}, then {@code b.c} in the value of {@code a}): a DynamoDB map or list, a JSON column. In
 * DocumentDB's document mode the record holds {@code _id} and the document as {@code _doc}, so a path not found at
 * the top level is looked up inside {@code _doc}. DocumentDB values in MongoDB extended JSON ({@code {"$oid": ..}},
 * {@code {"$date": ..}}, {@code {"$numberDecimal": ..}}) are read as the value they wrap.
 *
 * <p>Pure column expressions; evaluating them never fails (a missing path is null).
 */
public final class SourceValues {
  /** The document of a DocumentDB record in document mode. */
  public static final String DOCUMENT = "_doc";

  /** An extended-JSON wrapper of one value in text, as compact JSON writes it: {"$oid":"..."}. */
  private static final String WRAPPED_TEXT =
      "^\\{\"\\$(?:oid|numberLong|numberInt|numberDecimal|numberDouble|date|symbol)\":\"(.*)\"\\}$";
  /** A date as milliseconds: {"$date":1700000000000} or {"$date":{"$numberLong":"1700000000000"}}. */
  private static final String WRAPPED_MILLIS = "^\\{\"\\$date\":(?:\\{\"\\$numberLong\":\")?(-?[0-9]{1,19})\"?\\}?\\}$";

  private SourceValues() {}

  /** The text of {@code column} in {@code image} (a text map column), or null when the record does not hold it. */
  public static Column text(Column image, TableContract contract, ColumnSpec column) {
    List<String> segments = column.pathSegments();
    List<Column> candidates = new ArrayList<>(lookups(image, segments));
    if (contract.source().documentMode()) {
      candidates.add(get_json_object(image.getItem(DOCUMENT), jsonPath(segments)));
    }
    Column found = candidates.size() == 1 ? candidates.get(0) : coalesce(candidates.toArray(Column[]::new));
    return contract.database() == SourceDatabase.DOCUMENTDB ? unwrapExtendedJson(found) : found;
  }

  /**
   * The value typed: a scalar type by a cast of its text that is null when the text does not fit (never an
   * error), a complex type ({@code array<...>}, {@code struct<...>}, {@code map<...>}) by reading the text as JSON.
   */
  public static Column typed(Column text, DataType type) {
    if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) {
      return from_json(text, type, Map.of("mode", "PERMISSIVE"));
    }
    return RawView.tryCast(text, type);
  }

  private static List<Column> lookups(Column image, List<String> segments) {
    List<Column> out = new ArrayList<>();
    for (int k = segments.size(); k >= 1; k--) {
      Column value = image.getItem(String.join(".", segments.subList(0, k)));
      out.add(k == segments.size() ? value : get_json_object(value, jsonPath(segments.subList(k, segments.size()))));
    }
    return out;
  }

  /** {@code $['a']['b']}: the bracket form takes any name but a quote, which contract paths cannot hold. */
  static String jsonPath(List<String> segments) {
    StringBuilder p = new StringBuilder("$");
    segments.forEach(s -> p.append("['").append(s).append("']"));
    return p.toString();
  }

  private static Column unwrapExtendedJson(Column text) {
    return when(text.rlike(WRAPPED_MILLIS),
            // With its offset, so the text means one instant whatever the session's time zone.
            date_format(timestamp_millis(regexp_extract(text, WRAPPED_MILLIS, 1).cast("long")),
                "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"))
        .when(text.rlike(WRAPPED_TEXT), regexp_extract(text, WRAPPED_TEXT, 1))
        .otherwise(text);
  }
}
