package io.cdclake.curate.schema;

import io.cdclake.curate.change.DataColumn;
import java.util.List;
import org.apache.spark.sql.types.StructField;

/**
 * What a curated table needs before a batch can be merged into it.
 *
 * @param dataColumns the table's source-data columns once the plan is applied, in table order
 * @param additions   columns to add (new declared columns, new undeclared columns as strings, missing metadata)
 * @param widenings   existing columns to rewrite to a wider type, with that type
 * @param problems    why the batch cannot be applied at all; empty when it can
 * @param skipped     undeclared columns of the batch left out of the table, each with why and what to do; their
 *                    values stay in the raw zone and the rest of each row is applied
 */
public record SchemaPlan(
    List<DataColumn> dataColumns,
    List<StructField> additions,
    List<StructField> widenings,
    List<String> problems,
    List<String> skipped) {

  public SchemaPlan {
    dataColumns = List.copyOf(dataColumns);
    additions = List.copyOf(additions);
    widenings = List.copyOf(widenings);
    problems = List.copyOf(problems);
    skipped = List.copyOf(skipped);
  }

  public boolean compatible() {
    return problems.isEmpty();
  }

  public boolean changesTable() {
    return !additions.isEmpty() || !widenings.isEmpty();
  }

  /** The problems as one sentence-per-line text, for reports and the quarantine reason. */
  public String problemText() {
    return String.join("; ", problems);
  }
}
