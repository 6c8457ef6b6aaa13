package io.cdclake.curate.merge;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Delta's idempotent-DML marker: a commit made under {@code (appId, version)} is recorded in the table's log, and
 * Delta skips any later DML under the same app id with a version not above it. The curate stream uses its query
 * id and batch id, so a batch replayed after a crash cannot commit twice even if its data would let it.
 *
 * <p>The markers are session settings (Delta takes them per write only for DataFrame writes, not for MERGE), so
 * they are set on the table's own session (see {@code CurateJob}), wrap exactly one DML statement and are always
 * cleared after it: anything else run under them (a schema change, the tombstones' write) would be recorded or
 * skipped in its place.
 */
public record IdempotentTxn(String appId, long version) {
  static final String APP_ID = "spark.databricks.delta.write.txnAppId";
  static final String VERSION = "spark.databricks.delta.write.txnVersion";

  public <T> T around(SparkSession spark, Supplier<T> dml) {
    spark.conf().set(APP_ID, appId);
    spark.conf().set(VERSION, Long.toString(version));
    try {
      return dml.get();
    } finally {
      spark.conf().unset(APP_ID);
      spark.conf().unset(VERSION);
    }
  }

  /** Runs {@code dml} under {@code txn} when there is one (stream batches), plainly otherwise (releases). */
  public static void run(Optional<IdempotentTxn> txn, SparkSession spark, Runnable dml) {
    if (txn.isPresent()) {
      txn.get().around(spark, () -> {
        dml.run();
        return null;
      });
    } else {
      dml.run();
    }
  }

  /** A marker for another table (the tombstones) written in the same batch. */
  public IdempotentTxn forTable(String suffix) {
    return new IdempotentTxn(appId + "/" + suffix, version);
  }
}
