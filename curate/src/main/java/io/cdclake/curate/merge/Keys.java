package io.cdclake.curate.merge;

import static io.cdclake.curate.order.SourceOrder.quoted;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Join and merge conditions over a table's primary key. */
final class Keys {
  private Keys() {}

  static Seq<String> using(List<String> columns) {
    return JavaConverters.asScalaBuffer(columns).toSeq();
  }

  static Column[] columns(List<String> names) {
    return names.stream().map(n -> quoted(n)).toArray(Column[]::new);
  }

  /** {@code t.k1 = s.k1 AND …} for a MERGE between aliases {@code t} and {@code s}. */
  static String matchCondition(List<String> columns) {
    return columns.stream().map(c -> "t." + q(c) + " = s." + q(c)).collect(Collectors.joining(" AND "));
  }

  static String q(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
