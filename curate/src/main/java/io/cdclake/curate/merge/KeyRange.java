package io.cdclake.curate.merge;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The span of a batch's leading key column, lowest to highest value. As a target-only predicate it lets Delta skip
 * every data file whose key statistics lie outside the span, both when a merge looks for the files its keys touch
 * and when curate reads what the table holds for them: a batch of recent keys opens the recent files only, not the
 * whole table. Correct whatever the layout (no target row outside the span can match a key of the batch); how much
 * it skips depends on files being clustered by key, which maintenance's Z-order keeps up.
 *
 * @param column the leading primary-key column
 * @param low    its lowest value in the batch
 * @param high   its highest value in the batch
 */
public record KeyRange(String column, Object low, Object high) {

  /**
   * The range of a batch's change rows (one small aggregate job over them), or empty when they hold no key value:
   * nothing to bound. Taken from the change rows, so a key change's delete of its old key is inside it.
   */
  public static Optional<KeyRange> of(Dataset<Row> changes, String column) {
    Column c = col(Keys.q(column));
    Row r = changes.agg(min(c), max(c)).head();
    return r.isNullAt(0) || r.isNullAt(1) ? Optional.empty()
        : Optional.of(new KeyRange(column, r.get(0), r.get(1)));
  }

  /** The predicate on the table read directly. */
  public Column on() {
    return within(col(Keys.q(column)));
  }

  /** The predicate on the table under {@code alias}, as in a MERGE condition. */
  public Column on(String alias) {
    return within(col(alias + "." + Keys.q(column)));
  }

  private Column within(Column c) {
    return c.geq(lit(low)).and(c.leq(lit(high)));
  }

  /** Applies {@code range}, if there is one, to a read of the table. */
  static <T> Dataset<T> bound(Dataset<T> table, Optional<KeyRange> range) {
    return range.map(r -> table.filter(r.on())).orElse(table);
  }

  /** {@code condition AND range} under {@code alias}, or the condition alone. */
  static Column bound(Column condition, String alias, Optional<KeyRange> range) {
    return range.map(r -> condition.and(r.on(alias))).orElse(condition);
  }
}
