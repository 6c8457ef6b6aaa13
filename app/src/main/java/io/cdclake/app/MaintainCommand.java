package io.cdclake.app;

import io.cdclake.curate.maintenance.MaintenanceOptions;
import io.cdclake.curate.maintenance.MaintenanceReport;
import io.cdclake.curate.maintenance.TableMaintenance;
import java.util.Optional;

/** {@code maintain}: compaction and retention of the curated tables, on its own (e.g. daily) schedule. */
final class MaintainCommand {
  private final CommandLine cl;

  MaintainCommand(CommandLine cl) {
    this.cl = cl;
    cl.allowOnly("tables", "zorder", "vacuum-retention-hours", "no-vacuum", "no-optimize");
  }

  int run() {
    MaintenanceOptions defaults = MaintenanceOptions.defaults();
    double retention = cl.option("vacuum-retention-hours").map(Double::parseDouble)
        .orElse(defaults.vacuumRetentionHours());
    MaintenanceOptions options = new MaintenanceOptions(
        !cl.flag("no-optimize"), cl.flag("zorder"), Optional.empty(), !cl.flag("no-vacuum"), retention, false,
        defaults.tombstoneRetentionHours(), Tables.selected(cl));
    JobContext ctx = JobContext.start(cl, "maintain");
    MaintenanceReport report = TableMaintenance.run(ctx.spark(), ctx.config(), options);
    System.out.println(report.summary());
    return report.hasFailures() ? 1 : 0;
  }
}
