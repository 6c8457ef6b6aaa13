package io.cdclake.app;

import io.cdclake.common.pci.HashKey;
import io.cdclake.ingest.replay.QuarantineReplay;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replay-quarantine --tables schema.table,...}: re-injects quarantined records once their contract exists. */
@Command(name = "replay-quarantine", description = "re-inject quarantined records of these source tables (after"
    + " their contract was added or fixed), exactly once")
final class ReplayQuarantineCommand implements Callable<Integer> {
  @Mixin
  JobOptions job;

  @Option(names = "--tables", split = ",", required = true, paramLabel = "SCHEMA.TABLE",
      description = "source tables as DMS names them")
  List<String> sourceTables;

  @Override
  public Integer call() {
    JobContext ctx = JobContext.start(job, "replay-quarantine");
    Set<String> tables;
    try {
      tables = QuarantineReplay.tables(ctx.config(), sourceTables.stream().map(String::trim).toList());
    } catch (IllegalArgumentException e) {
      throw job.usageError(e.getMessage());
    }
    QuarantineReplay.Report report = QuarantineReplay.run(ctx.spark(), ctx.config(),
        HashKey.resolve(ctx.config().pci(), System.getenv()), tables);
    System.out.print(report.render());
    return 0;
  }
}
