package io.cdclake.catalog;

import io.cdclake.common.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Small curated-like Delta tables for catalog tests, written with the shared session. */
public final class DeltaFixtures {
  private DeltaFixtures() {}

  public static SparkSession spark() {
    return SharedSpark.get();
  }

  /** {@code <lake>/curated/<table>}, where {@link TestContracts#config} puts the curated zone. */
  public static String curatedPath(Path lake, String table) {
    return lake.resolve("curated").resolve(table).toString();
  }

  /**
   * A payments table shaped like curate's output (declared columns plus a sequence column and a delete flag),
   * partitioned by currency when asked: 3 rows, EUR and USD.
   */
  public static String payments(Path lake, String table, boolean partitioned) {
    String path = curatedPath(lake, table);
    var df = spark().sql("SELECT * FROM VALUES"
        + " (1L, 'EUR', CAST(10.00 AS DECIMAL(12,2)), TIMESTAMP'2024-01-31 10:00:00', '001', false),"
        + " (2L, 'USD', CAST(5.50 AS DECIMAL(12,2)), TIMESTAMP'2024-01-31 11:00:00', '002', false),"
        + " (3L, 'EUR', CAST(7.25 AS DECIMAL(12,2)), TIMESTAMP'2024-02-01 09:30:00', '003', false)"
        + " AS t(payment_id, currency, amount, created_at, _seq, _deleted)");
    var writer = df.write().format("delta");
    if (partitioned) {
      writer = writer.partitionBy("currency");
    }
    writer.save(path);
    return path;
  }

  /** Appends one GBP row carrying a column the table did not have (schema evolution, as curate does it). */
  public static void appendWithNewColumn(String path) {
    spark().sql("SELECT 4L AS payment_id, 'GBP' AS currency, CAST(1.00 AS DECIMAL(12,2)) AS amount,"
            + " TIMESTAMP'2024-02-02 08:00:00' AS created_at, '004' AS _seq, false AS _deleted,"
            + " 'gold' AS loyalty_tier")
        .write().format("delta").mode("append").option("mergeSchema", "true").save(path);
  }

  /** Appends one EUR row with the existing schema. */
  public static void appendSameSchema(String path) {
    spark().sql("SELECT 5L AS payment_id, 'EUR' AS currency, CAST(3.00 AS DECIMAL(12,2)) AS amount,"
            + " TIMESTAMP'2024-02-03 08:00:00' AS created_at, '005' AS _seq, false AS _deleted")
        .write().format("delta").mode("append").save(path);
  }
}
