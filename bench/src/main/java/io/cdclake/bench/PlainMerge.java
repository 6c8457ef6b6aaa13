package io.cdclake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.raw.RawView;
import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The simplest correct merge a team would write first, as the merge benchmark's baseline: read the new raw rows
 * of the table, keep each key's newest by commit time and stream position, one Delta MERGE on key equality.
 * None of curate's work (no late or duplicate detection against the table, no tombstones, no key changes, no
 * quarantine, no idempotency marker, no manifest): it shows what that work costs on top of the MERGE itself.
 */
final class PlainMerge {
  private static final String RANK = "__rank";

  /**
   * @param seconds    wall time from reading the raw rows to the MERGE's commit
   * @param sourceRows deduplicated changes merged
   * @param rowsCopied unchanged rows the MERGE rewrote
   */
  record Result(double seconds, long sourceRows, long rowsCopied) {}

  private PlainMerge() {}

  /** Merges the table's raw rows of ingest batches after {@code afterBatch} into the Delta table at {@code path}. */
  static Result run(SparkSession spark, String rawPath, TableContract contract, long afterBatch, String path) {
    long start = System.nanoTime();
    Dataset<Row> raw = RawView.typed(RawView.ofTable(spark.read().format("delta").load(rawPath), contract),
        contract).where(col(RawColumns.INGEST_BATCH_ID).gt(afterBatch));
    List<String> key = contract.primaryKey();
    Column[] keyCols = key.stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> latest = raw
        .withColumn(RANK, row_number().over(Window.partitionBy(keyCols)
            .orderBy(col(RawColumns.COMMIT_TIMESTAMP).desc_nulls_last(), col(RawColumns.STREAM_SEQUENCE).desc())))
        .where(col(RANK).equalTo(1));
    Map<String, Column> values = new LinkedHashMap<>();
    for (ColumnSpec c : contract.columns()) {
      values.put(c.name(), col("s.`" + c.name() + "`"));
    }
    String isDelete = "s." + RawColumns.OP + " = '" + DmsOperation.DELETE.wireName() + "'";
    DeltaTable.forPath(spark, path).as("t")
        .merge(latest.as("s"), key.stream().map(k -> "t.`" + k + "` = s.`" + k + "`")
            .collect(Collectors.joining(" AND ")))
        .whenMatched(isDelete).delete()
        .whenMatched().update(values)
        .whenNotMatched("NOT (" + isDelete + ")").insert(values)
        .execute();
    double seconds = (System.nanoTime() - start) / 1e9;
    // Counts from the commit, not from a job of our own inside the timed part: the baseline runs what a plain
    // job would run, nothing more.
    Map<String, String> metrics = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").head()
        .getJavaMap(0);
    return new Result(seconds, Long.parseLong(metrics.getOrDefault("numSourceRows", "0")),
        Long.parseLong(metrics.getOrDefault("numTargetRowsCopied", "0")));
  }
}
