package io.cdclake.catalog.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.CatalogSync;
import io.cdclake.catalog.DeltaFixtures;
import io.cdclake.catalog.SyncAction;
import io.cdclake.catalog.SyncReport;
import io.cdclake.catalog.TableSyncResult;
import io.cdclake.catalog.TestContracts;
import io.cdclake.common.config.CatalogFormat;
import io.cdclake.common.config.CatalogMode;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.JavaConverters;

/** The local run's catalog: Spark's embedded metastore, queried by name the way an analyst queries Athena. */
class LocalCatalogSyncTest {
  private static final String TABLE = "payments_payments";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final SparkSession spark = DeltaFixtures.spark();

  /** Each test gets its own database: the metastore is shared by the whole test JVM. */
  private static String newDatabase() {
    return "cdc_local_" + DATABASES.incrementAndGet() + "_" + System.nanoTime() % 100_000;
  }

  private static PipelineConfig config(Path lake, String db) {
    return TestContracts.config(lake, CatalogMode.LOCAL, db,
        List.of(TestContracts.contract(TABLE, CatalogFormat.MANIFEST),
            TestContracts.contract("payments_disputes", CatalogFormat.MANIFEST)));
  }

  private Map<String, String> metastoreProperties(String db) throws Exception {
    CatalogTable t = spark.sessionState().catalog()
        .getTableMetadata(new TableIdentifier(TABLE, Option.apply(db)));
    return JavaConverters.mapAsJavaMap(t.properties());
  }

  @Test
  void registersCuratedTablesQueryableByNameAndFollowsAddedColumns() throws Exception {
    Path lake = SharedSpark.newDir("catalog-local-");
    String path = DeltaFixtures.payments(lake, TABLE, true);
    // Curate may leave a manifest next to the data; the local table must read the Delta log, not the directory.
    DeltaTable.forPath(spark, path).generate("symlink_format_manifest");
    String db = newDatabase();

    SyncReport report = CatalogSync.run(spark, config(lake, db));

    assertEquals(CatalogMode.LOCAL, report.target());
    TableSyncResult r = report.table(TABLE);
    assertEquals(SyncAction.CREATED, r.action(), r.summary());
    assertEquals(0, r.deltaVersion());
    assertEquals(Optional.empty(), r.format(), "no Athena format in the local catalog");
    assertEquals(SyncAction.SKIPPED, report.table("payments_disputes").action());
    assertTrue(spark.catalog().databaseExists(db));

    List<Row> totals = spark.sql("SELECT currency, count(*), sum(amount) FROM " + db + "." + TABLE
        + " GROUP BY currency ORDER BY currency").collectAsList();
    assertEquals(2, totals.size());
    assertEquals("EUR", totals.get(0).getString(0));
    assertEquals(2L, totals.get(0).getLong(1));
    assertEquals("17.25", totals.get(0).getDecimal(2).toPlainString());
    assertEquals("USD", totals.get(1).getString(0));
    Map<String, String> props = metastoreProperties(db);
    assertEquals("payments.payments", props.get("cdclake.source"));
    assertEquals("payment_id", props.get("cdclake.primary_key"));
    assertEquals("0", props.get("cdclake.delta_version"));

    TableSyncResult again = CatalogSync.run(spark, config(lake, db)).table(TABLE);
    assertEquals(SyncAction.UNCHANGED, again.action(), again.summary());

    DeltaFixtures.appendWithNewColumn(path);
    TableSyncResult widened = CatalogSync.run(spark, config(lake, db)).table(TABLE);
    assertEquals(SyncAction.UPDATED, widened.action(), widened.summary());
    assertEquals(List.of("delta version 0 -> 1", "schema changed"), widened.notes());
    Row gold = spark.sql("SELECT loyalty_tier, currency FROM " + db + "." + TABLE + " WHERE payment_id = 4")
        .first();
    assertEquals("gold", gold.getString(0));
    assertEquals("GBP", gold.getString(1));
    assertEquals("1", metastoreProperties(db).get("cdclake.delta_version"));

    assertEquals(2L, DeltaTable.forPath(spark, path).history().count(),
        "the sync wrote nothing to the Delta log: two commits, both by the test");
  }

  @Test
  void reRegistersATableWhoseLocationMovedWithoutDeletingTheOldData() {
    Path first = SharedSpark.newDir("catalog-local-a-");
    Path second = SharedSpark.newDir("catalog-local-b-");
    String oldPath = DeltaFixtures.payments(first, TABLE, false);
    String newPath = DeltaFixtures.curatedPath(second, TABLE);
    spark.sql("SELECT 9L AS payment_id, 'CHF' AS currency").write().format("delta").save(newPath);
    String db = newDatabase();
    CatalogSync.run(spark, config(first, db)).requireSuccess();

    TableSyncResult r = CatalogSync.run(spark, config(second, db)).table(TABLE);

    assertEquals(SyncAction.UPDATED, r.action(), r.summary());
    assertTrue(r.notes().get(0).startsWith("re-registered: was delta at file:" + oldPath), r.notes().toString());
    assertEquals("CHF", spark.sql("SELECT currency FROM " + db + "." + TABLE).first().getString(0));
    assertTrue(Files.isDirectory(Path.of(oldPath, "_delta_log")), "dropping the external entry kept the data");
    assertEquals(3L, spark.read().format("delta").load(oldPath).count());
  }

  @Test
  void refusesToDropAManagedTableInTheWay() {
    Path lake = SharedSpark.newDir("catalog-local-");
    DeltaFixtures.payments(lake, TABLE, false);
    String db = newDatabase();
    spark.sql("CREATE DATABASE " + db);
    spark.sql("CREATE TABLE " + db + "." + TABLE + " USING parquet AS SELECT 1 AS keep_me");

    TableSyncResult r = CatalogSync.run(spark, config(lake, db)).table(TABLE);

    assertEquals(SyncAction.FAILED, r.action());
    assertTrue(r.notes().get(0).contains("MANAGED"), r.notes().toString());
    assertTrue(r.notes().get(0).contains("delete its data"), r.notes().toString());
    assertEquals(1, spark.sql("SELECT keep_me FROM " + db + "." + TABLE).first().getInt(0));
  }

  @Test
  void locationsCompareByPlaceNotSpelling() {
    assertTrue(LocalCatalogSync.sameLocation(java.net.URI.create("file:/tmp/lake/t"),
        java.net.URI.create("file:///tmp/lake/t/")));
    assertTrue(LocalCatalogSync.sameLocation(java.net.URI.create("s3a://bucket/curated/t"),
        java.net.URI.create("S3A://bucket/curated/t")));
    assertFalse(LocalCatalogSync.sameLocation(java.net.URI.create("file:/tmp/lake/t"),
        java.net.URI.create("file:/tmp/lake/u")));
    assertFalse(LocalCatalogSync.sameLocation(java.net.URI.create("s3a://one/t"),
        java.net.URI.create("s3a://two/t")));
  }
}
