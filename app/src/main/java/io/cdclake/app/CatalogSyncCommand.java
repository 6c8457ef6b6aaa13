package io.cdclake.app;

import io.cdclake.catalog.CatalogSync;
import io.cdclake.catalog.SyncReport;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code catalog-sync}: bring Glue (or the local catalog) in line with the curated Delta tables. */
@Command(name = "catalog-sync", description = "register/update curated tables in Glue (or the local catalog)")
final class CatalogSyncCommand implements Callable<Integer> {
  @Mixin
  JobOptions job;
  @Mixin
  TablesOption tables;

  @Override
  public Integer call() {
    JobContext ctx = JobContext.start(job, "catalog-sync");
    Set<String> tables = this.tables.checked(ctx.config());
    SyncReport report = tables.isEmpty()
        ? CatalogSync.run(ctx.spark(), ctx.config())
        : CatalogSync.run(ctx.spark(), ctx.config(), tables);
    System.out.println(report.summary());
    return report.failures().isEmpty() ? 0 : 1;
  }
}
