package io.cdclake.common.pci;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.Protection;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.RawColumns;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Applies a contract's column protections to raw rows: the declared column itself, and the same column inside
 * the before-image and extra-column maps, so a card number cannot slip through a side door.
 */
public final class ColumnProtection {
  private final UserDefinedFunction hash;
  private final UserDefinedFunction mask;

  public ColumnProtection(HashKey key) {
    Protectors.Hasher hasher = new Protectors.Hasher(key);
    this.hash = udf((UDF1<String, String>) hasher::hash, DataTypes.StringType).asNondeterministic();
    this.mask = udf((UDF1<String, String>) Protectors::mask, DataTypes.StringType);
  }

  /** Rows in the raw layout, with every protected column of {@code contract} protected. */
  public Dataset<Row> apply(Dataset<Row> rawRows, TableContract contract) {
    List<ColumnSpec> protectedColumns = contract.protectedColumns();
    if (protectedColumns.isEmpty()) {
      return rawRows;
    }
    Dataset<Row> out = rawRows;
    for (ColumnSpec c : protectedColumns) {
      out = out.withColumn(c.name(), protect(col(c.name()).cast(DataTypes.StringType), c.protection().get()));
    }
    for (String mapColumn : List.of(RawColumns.BEFORE_IMAGE, RawColumns.EXTRA_COLUMNS)) {
      if (List.of(out.columns()).contains(mapColumn)) {
        out = out.withColumn(mapColumn, functions.transform_values(col(mapColumn),
            (k, v) -> protectEntry(k, v, protectedColumns)));
      }
    }
    return out;
  }

  private Column protectEntry(Column key, Column value, List<ColumnSpec> protectedColumns) {
    Column result = value;
    for (ColumnSpec c : protectedColumns) {
      result = when(key.equalTo(lit(c.name())), protect(value, c.protection().get())).otherwise(result);
    }
    return result;
  }

  private Column protect(Column value, Protection protection) {
    return switch (protection) {
      case HASH -> hash.apply(value);
      case MASK -> mask.apply(value);
      case DROP -> lit(null).cast(DataTypes.StringType);
    };
  }
}
