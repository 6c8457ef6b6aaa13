package io.cdclake.app;

import io.cdclake.common.lock.WriterLock;
import io.cdclake.curate.CurateJob;
import io.cdclake.curate.CurateOptions;
import io.cdclake.curate.CurateReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code curate}: one scheduled pass of raw changes into the curated Delta tables. */
@Command(name = "curate", description = "apply new raw changes to the curated Delta tables, N tables at a time")
final class CurateCommand implements Callable<Integer> {
  /** One lock for every job that writes curated tables: curate, maintain, rebuild. */
  static final String LOCK = "curate";
  static final java.time.Duration LEASE = java.time.Duration.ofMinutes(10);
  @Mixin
  JobOptions job;
  @Mixin
  TablesOption tables;

  @Option(names = "--parallelism", paramLabel = "N", converter = AtLeastOne.class,
      description = "tables curated at the same time (default: ${DEFAULT-VALUE})")
  int parallelism = CurateOptions.DEFAULT_PARALLELISM;

  @Override
  public Integer call() {
    JobContext ctx = JobContext.start(job, "curate");
    CurateOptions options = CurateOptions.defaults()
        .withOnlyTables(tables.checked(ctx.config()))
        .withParallelism(parallelism);
    try (WriterLock lock = ctx.lock(LOCK, LEASE)) {
      CurateReport report = CurateJob.run(ctx.spark(), ctx.config(), options);
      System.out.println(report.summary());
      if (lock.lost()) {
        throw new IllegalStateException("curate lost its lock to another run while it ran (see the log): check"
            + " that runs do not overlap");
      }
      // Quarantined tables are reported, not failed: the rest of the lake is current and the schedule goes on.
      return report.hasFailures() ? 1 : 0;
    }
  }
}
