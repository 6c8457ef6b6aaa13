package io.cdclake.app;

import io.cdclake.catalog.CatalogSync;
import io.cdclake.catalog.SyncReport;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.HashKey;
import io.cdclake.curate.CurateJob;
import io.cdclake.curate.CurateReport;
import io.cdclake.ingest.IngestJob;
import io.cdclake.status.StatusOptions;
import io.cdclake.status.StatusPublisher;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code local-run}: the whole pipeline on one machine, as the README promises: ingest what the files source
 * holds, curate it, register the tables in the local catalog and query them by name like an analyst would
 * in Athena.
 */
@Command(name = "local-run", description = "ingest, curate and register the local sample, then query it")
final class LocalRunCommand implements Callable<Integer> {
  /** Pipeline bookkeeping an analyst does not need to see in the sample output. */
  private static final List<String> SHOWN_METADATA = List.of("_deleted", "_deleted_at", "__start_at", "__end_at",
      "__is_current");

  @Mixin
  JobOptions job;

  @Override
  public Integer call() {
    JobContext ctx = JobContext.start(job, "local-run");
    if (!JobContext.isLocal(ctx.config())) {
      throw job.usageError("local-run needs local zones; environment '" + job.env
          + "' points at " + ctx.config().zones().raw());
    }
    SparkSession spark = ctx.spark();
    PipelineConfig config = ctx.config();

    section("1/5 ingest: " + config.ingest().filesPath().orElse("?") + " -> " + config.zones().raw());
    // Each job logs its own report at INFO (app's log4j2.properties), so the run reads as one story.
    IngestJob.runAvailableNow(spark, config, HashKey.resolve(config.pci(), System.getenv()));
    System.out.println("  quarantine: " + config.zones().quarantine() + "/ingest (reason + original record)");

    section("2/5 curate: raw -> Delta tables in " + config.zones().curated());
    CurateReport curate = CurateJob.run(spark, config);

    section("3/5 catalog: register curated tables in the local catalog (Glue in AWS)");
    SyncReport sync = CatalogSync.run(spark, config);

    section("4/5 query the curated tables by name, as in Athena");
    String db = config.catalog().database();
    query(spark, "SHOW TABLES IN " + db);
    for (TableContract t : config.tables()) {
      Dataset<Row> table = spark.table(db + "." + t.curatedTable());
      String columns = Arrays.stream(table.columns())
          .filter(c -> !c.startsWith("_") || SHOWN_METADATA.contains(c) || t.primaryKey().contains(c))
          .map(c -> "`" + c + "`")
          .collect(Collectors.joining(", "));
      System.out.println("\n-- " + t.curatedTable() + ": " + t.database().name().toLowerCase(java.util.Locale.ROOT)
          + " source " + t.sourceId());
      query(spark, "SELECT " + columns + " FROM " + db + "." + t.curatedTable() + " ORDER BY "
          + t.primaryKey().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "))
          + (table.columns().length > 0 && List.of(table.columns()).contains("__start_at") ? ", __start_at" : ""));
    }
    section("5/5 status: every table's health, as on-call reads it (Main status)");
    StatusCommand.print(spark, ctx, StatusOptions.defaults(), StatusPublisher.defaultLocation(config.zones()), false);

    boolean failed = curate.hasFailures() || !sync.failures().isEmpty();
    System.out.println(failed ? "local run finished WITH FAILURES (see above)" : "local run finished");
    return failed ? 1 : 0;
  }

  private static void query(SparkSession spark, String sql) {
    System.out.println("\nsql> " + sql);
    spark.sql(sql).show(100, false);
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }
}
