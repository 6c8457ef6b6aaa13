package io.cdclake.app;

import io.cdclake.curate.CurateJob;
import io.cdclake.curate.CurateOptions;
import io.cdclake.curate.CurateReport;

/** {@code curate}: one scheduled pass of raw changes into the curated Delta tables. */
final class CurateCommand {
  private final CommandLine cl;

  CurateCommand(CommandLine cl) {
    this.cl = cl;
    cl.allowOnly("tables", "parallelism");
  }

  int run() {
    int parallelism = cl.intOption("parallelism", 1, CurateOptions.DEFAULT_PARALLELISM);
    JobContext ctx = JobContext.start(cl, "curate");
    CurateOptions options = CurateOptions.defaults()
        .withOnlyTables(Tables.selected(cl, ctx.config()))
        .withParallelism(parallelism);
    CurateReport report = CurateJob.run(ctx.spark(), ctx.config(), options);
    System.out.println(report.summary());
    // Quarantined tables are reported, not failed: the rest of the lake is current and the schedule goes on.
    return report.hasFailures() ? 1 : 0;
  }
}
