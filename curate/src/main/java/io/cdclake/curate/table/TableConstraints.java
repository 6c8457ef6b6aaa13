package io.cdclake.curate.table;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.curate.schema.TableShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The CHECK constraints of a curated table, which an operator may add ({@code ALTER TABLE ... ADD CONSTRAINT}; curate
 * adds none), checked on a batch's typed raw rows before the merge.
 *
 * <p>Delta checks them inside the MERGE and fails the whole write on the first row one refuses, with a message that
 * names neither the record nor what to do; the batch is replayed and fails again on every run. Checked first, only
 * the refused rows are held, each with the constraint that refuses it, and they are released once it no longer
 * does (dropped or changed). Delta refuses a row whose check is null as well as false, and so does this.
 *
 * <p>Deletes are not checked: the row they remove is not written. A constraint that reads a column the typed rows do
 * not have (one the contract does not declare, or curate's own) cannot be checked first: it is named in
 * {@link Refusal#unchecked()}, and a row it refuses still fails the batch inside the MERGE.
 */
public final class TableConstraints {
  /** Where Delta keeps a CHECK constraint: the table property {@code delta.constraints.<name>}, its expression. */
  private static final String PREFIX = "delta.constraints.";

  private TableConstraints() {}

  /**
   * @param reason    per row, why the table refuses it, or null; absent when the table has no checkable constraint
   * @param unchecked one message per constraint that cannot be checked before the merge
   */
  public record Refusal(Optional<Column> reason, List<String> unchecked) {}

  public static Refusal of(Optional<TableShape> shape, Dataset<Row> typed) {
    List<Column> reasons = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    Map<String, String> properties = shape.map(TableShape::properties).orElse(Map.of());
    properties.entrySet().stream()
        .filter(e -> e.getKey().startsWith(PREFIX))
        .sorted(Map.Entry.comparingByKey())
        .forEach(constraint -> {
          String name = constraint.getKey().substring(PREFIX.length());
          String check = constraint.getValue();
          Column parsed;
          try {
            parsed = expr(check);
            typed.select(parsed).schema(); // analysis only: does it resolve against the batch's columns?
          } catch (Exception e) { // Scala declares none; an analysis or parse error is an AnalysisException
            if (!(e instanceof AnalysisException)) {
              throw e;
            }
            unchecked.add("the curated table's CHECK constraint " + name + " (" + check + ") reads columns curate"
                + " cannot check before the merge; a change it refuses fails the table's batch on every run until"
                + " the constraint is dropped");
            return;
          }
          reasons.add(when(not(coalesce(parsed, lit(false))),
              lit("refused by the curated table's CHECK constraint " + name + " (" + check + ")")));
        });
    if (reasons.isEmpty()) {
      return new Refusal(Optional.empty(), unchecked);
    }
    Column joined = concat_ws("; ", reasons.toArray(Column[]::new));
    Column isDelete = col(RawColumns.OP).equalTo(lit(DmsOperation.DELETE.wireName()));
    return new Refusal(Optional.of(when(not(isDelete).and(joined.notEqual(lit(""))), joined)), unchecked);
  }
}
