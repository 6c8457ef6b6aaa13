package io.cdclake.app;

import io.cdclake.catalog.CatalogSync;
import io.cdclake.catalog.SyncReport;
import java.util.Set;

/** {@code catalog-sync}: bring Glue (or the local catalog) in line with the curated Delta tables. */
final class CatalogSyncCommand {
  private final CommandLine cl;

  CatalogSyncCommand(CommandLine cl) {
    this.cl = cl;
    cl.allowOnly("tables");
  }

  int run() {
    JobContext ctx = JobContext.start(cl, "catalog-sync");
    Set<String> tables = Tables.selected(cl, ctx.config());
    SyncReport report = tables.isEmpty()
        ? CatalogSync.run(ctx.spark(), ctx.config())
        : CatalogSync.run(ctx.spark(), ctx.config(), tables);
    System.out.println(report.summary());
    return report.failures().isEmpty() ? 0 : 1;
  }
}
