package io.cdclake.common.pci;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.Protection;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.RawColumns;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Applies a contract's column protections to raw rows: the declared column itself, and the same column inside
 * the before-image and extra-column maps, so a card number cannot slip through a side door.
 *
 * <p>Columns the contract does not declare (they travel in the maps until someone declares them) get a
 * conservative default, because a source team can add a card-number column before anyone updates the
 * contract: names that look like card data ({@link CardDataColumns}) are hashed, or dropped for sensitive
 * authentication data, and every other undeclared value has card-number-shaped digits masked
 * ({@link PanScrubber}).
 */
public final class ColumnProtection {
  private final UserDefinedFunction hash;
  private final UserDefinedFunction mask;
  private final Protectors.Hasher hasher;

  public ColumnProtection(HashKey key) {
    this.hasher = new Protectors.Hasher(key);
    Protectors.Hasher h = hasher;
    this.hash = udf((UDF1<String, String>) h::hash, DataTypes.StringType);
    this.mask = udf((UDF1<String, String>) Protectors::mask, DataTypes.StringType);
  }

  /** Rows in the raw layout, with every protected column of {@code contract} protected. */
  public Dataset<Row> apply(Dataset<Row> rawRows, TableContract contract) {
    Dataset<Row> out = rawRows;
    for (ColumnSpec c : contract.protectedColumns()) {
      out = out.withColumn(c.name(), protect(col(c.name()).cast(DataTypes.StringType), c.protection().get()));
    }
    UserDefinedFunction entry = udf(new EntryProtector(hasher, contract), DataTypes.StringType);
    for (String mapColumn : List.of(RawColumns.BEFORE_IMAGE, RawColumns.EXTRA_COLUMNS)) {
      if (List.of(out.columns()).contains(mapColumn)) {
        out = out.withColumn(mapColumn, functions.transform_values(col(mapColumn), entry::apply));
      }
    }
    return out;
  }

  private Column protect(Column value, Protection protection) {
    return switch (protection) {
      case HASH -> hash.apply(value);
      case MASK -> mask.apply(value);
      case DROP -> lit(null).cast(DataTypes.StringType);
    };
  }

  /** Protection of one map entry, by column name: the contract's rule if declared, the default otherwise. */
  static final class EntryProtector implements UDF2<String, String, String>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Protectors.Hasher hasher;
    private final HashMap<String, Protection> declaredProtection = new HashMap<>();
    private final Set<String> declared;

    EntryProtector(Protectors.Hasher hasher, TableContract contract) {
      this.hasher = hasher;
      contract.protectedColumns().forEach(c -> declaredProtection.put(c.name(), c.protection().get()));
      this.declared = contract.columns().stream().map(ColumnSpec::name)
          .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    @Override
    public String call(String column, String value) {
      if (value == null) {
        return null;
      }
      Protection p = declaredProtection.get(column);
      if (p == null && !declared.contains(column)) {
        p = undeclaredDefault(column);
      }
      if (p == null) {
        return declared.contains(column) ? value : PanScrubber.scrub(value);
      }
      return switch (p) {
        case HASH -> hasher.hash(value);
        case MASK -> Protectors.mask(value);
        case DROP -> null;
      };
    }

    private static Protection undeclaredDefault(String column) {
      if (CardDataColumns.isSensitiveAuthenticationData(column)) {
        return Protection.DROP;
      }
      return CardDataColumns.isPrimaryAccountNumber(column) ? Protection.HASH : null;
    }
  }

  /** For tests and tools: the protection an entry of the maps gets under {@code contract}. */
  static Map<String, String> protectEntries(HashKey key, TableContract contract, Map<String, String> entries) {
    EntryProtector p = new EntryProtector(new Protectors.Hasher(key), contract);
    Map<String, String> out = new HashMap<>();
    entries.forEach((k, v) -> out.put(k, p.call(k, v)));
    return out;
  }
}
