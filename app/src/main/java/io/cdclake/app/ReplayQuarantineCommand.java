package io.cdclake.app;

import io.cdclake.common.pci.HashKey;
import io.cdclake.ingest.replay.QuarantineReplay;
import java.util.List;
import java.util.Set;

/** {@code replay-quarantine --tables schema.table,...}: re-injects quarantined records once their contract exists. */
final class ReplayQuarantineCommand {
  private final CommandLine cl;

  ReplayQuarantineCommand(CommandLine cl) {
    this.cl = cl;
    cl.allowOnly("tables");
  }

  int run() {
    Set<String> named = Tables.selected(cl);
    if (named.isEmpty()) {
      throw new CommandLine.UsageException("replay-quarantine needs --tables schema.table[,schema.table...]");
    }
    JobContext ctx = JobContext.start(cl, "replay-quarantine");
    Set<String> tables;
    try {
      tables = QuarantineReplay.tables(ctx.config(), List.copyOf(named));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.UsageException(e.getMessage());
    }
    QuarantineReplay.Report report = QuarantineReplay.run(ctx.spark(), ctx.config(),
        HashKey.resolve(ctx.config().pci(), System.getenv()), tables);
    System.out.print(report.render());
    return 0;
  }
}
