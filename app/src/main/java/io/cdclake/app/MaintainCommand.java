package io.cdclake.app;

import io.cdclake.common.raw.LakePaths;
import io.cdclake.curate.maintenance.MaintenanceOptions;
import io.cdclake.curate.maintenance.MaintenanceReport;
import io.cdclake.curate.maintenance.TableMaintenance;
import io.cdclake.ingest.maintenance.RawCompaction;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code maintain}: compaction and retention of the curated tables and the raw zone, on its own (daily) schedule. */
@Command(name = "maintain", description = "compact (OPTIMIZE) and clean (VACUUM) curated tables; compact the raw"
    + " zone's closed days")
final class MaintainCommand implements Callable<Integer> {
  private static final MaintenanceOptions DEFAULTS = MaintenanceOptions.defaults();

  @Mixin
  JobOptions job;
  @Mixin
  TablesOption tables;

  @Option(names = "--zorder", description = "cluster the compacted files by primary key")
  boolean zorder;
  @Option(names = "--no-optimize", description = "skip OPTIMIZE")
  boolean noOptimize;
  @Option(names = "--no-vacuum", description = "skip VACUUM")
  boolean noVacuum;
  @Option(names = "--vacuum-retention-hours", paramLabel = "H",
      description = "hours of history VACUUM keeps (default: ${DEFAULT-VALUE})")
  double vacuumRetentionHours = DEFAULTS.vacuumRetentionHours();
  @Option(names = "--raw-lookback-days", paramLabel = "N", converter = AtLeastOne.class,
      description = "compact the raw zone's N days before today (default: ${DEFAULT-VALUE})")
  int rawLookbackDays = 2;
  @Option(names = "--no-raw-compaction", description = "leave the raw zone alone")
  boolean noRawCompaction;

  @Override
  public Integer call() {
    JobContext ctx = JobContext.start(job, "maintain");
    MaintenanceOptions options = new MaintenanceOptions(!noOptimize, zorder, Optional.empty(), !noVacuum,
        vacuumRetentionHours, false, DEFAULTS.tombstoneRetentionHours(), tables.checked(ctx.config()));
    MaintenanceReport report;
    // OPTIMIZE racing a MERGE on one table makes one of them fail: maintenance waits its turn with curate's lock.
    try (var lock = ctx.lock(CurateCommand.LOCK, CurateCommand.LEASE)) {
      report = TableMaintenance.run(ctx.spark(), ctx.config(), options);
    }
    System.out.println(report.summary());
    if (!noRawCompaction) {
      RawCompaction.Report raw = RawCompaction.run(ctx.spark(), new LakePaths(ctx.config().zones()),
          LocalDate.now(ZoneOffset.UTC), rawLookbackDays);
      System.out.println(raw.summary());
    }
    return report.hasFailures() ? 1 : 0;
  }
}
