package io.cdclake.app;

import io.cdclake.common.raw.LakePaths;
import io.cdclake.curate.maintenance.MaintenanceOptions;
import io.cdclake.curate.maintenance.MaintenanceReport;
import io.cdclake.curate.maintenance.TableMaintenance;
import io.cdclake.ingest.maintenance.RawCompaction;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/** {@code maintain}: compaction and retention of the curated tables and the raw zone, on its own (daily) schedule. */
final class MaintainCommand {
  private final CommandLine cl;

  MaintainCommand(CommandLine cl) {
    this.cl = cl;
    cl.allowOnly("tables", "zorder", "vacuum-retention-hours", "no-vacuum", "no-optimize", "raw-lookback-days",
        "no-raw-compaction");
  }

  int run() {
    MaintenanceOptions defaults = MaintenanceOptions.defaults();
    double retention = cl.option("vacuum-retention-hours").map(MaintainCommand::hours)
        .orElse(defaults.vacuumRetentionHours());
    int lookback = cl.intOption("raw-lookback-days", 1, 2);
    JobContext ctx = JobContext.start(cl, "maintain");
    MaintenanceOptions options = new MaintenanceOptions(
        !cl.flag("no-optimize"), cl.flag("zorder"), Optional.empty(), !cl.flag("no-vacuum"), retention, false,
        defaults.tombstoneRetentionHours(), Tables.selected(cl, ctx.config()));
    MaintenanceReport report = TableMaintenance.run(ctx.spark(), ctx.config(), options);
    System.out.println(report.summary());
    if (!cl.flag("no-raw-compaction")) {
      RawCompaction.Report raw = RawCompaction.run(ctx.spark(), new LakePaths(ctx.config().zones()),
          LocalDate.now(ZoneOffset.UTC), lookback);
      System.out.println(raw.summary());
    }
    return report.hasFailures() ? 1 : 0;
  }

  private static double hours(String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new CommandLine.UsageException("--vacuum-retention-hours takes a number of hours, not '" + value + "'");
    }
  }
}
