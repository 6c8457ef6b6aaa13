package io.cdclake.app;

import io.cdclake.common.config.TableContract;
import io.cdclake.curate.TableRebuild;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rebuild}: recompute curated tables from their whole raw history in one pass and replace them in one
 * commit each; with {@code --reload-start}, from a DMS reload of the table on. Stop the curate schedule first.
 */
@Command(name = "rebuild", description = "recompute curated tables from their raw history in one pass and replace"
    + " them in one commit (after a contract change, or a DMS reload with --reload-start)")
final class RebuildCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;
  @Mixin
  JobOptions job;
  @Mixin
  TablesOption tables;

  @Option(names = "--reload-start", paramLabel = "INSTANT",
      description = "the DMS reload's start (ISO-8601, e.g. 2026-12-01T10:00:00Z): its load images replace every"
          + " older change, and keys it did not load are removed (latest-state tables only)")
  Optional<Instant> reloadStart = Optional.empty();

  @Option(names = "--reload-overlap-minutes", paramLabel = "N", converter = AtLeastOne.class,
      description = "changes committed this long before --reload-start are replayed too, for clock skew between"
          + " DMS and the source (default: ${DEFAULT-VALUE})")
  int overlapMinutes = 5;

  @Override
  public Integer call() {
    if (tables.names().isEmpty()) {
      // Rebuilding every table is never what a repair needs, and costs a full read of the raw zone.
      throw new ParameterException(spec.commandLine(), "rebuild needs --tables: name the tables to rebuild");
    }
    JobContext ctx = JobContext.start(job, "rebuild");
    Set<String> selected = tables.checked(ctx.config());
    Optional<TableRebuild.Reload> reload = reloadStart.map(t -> new TableRebuild.Reload(t,
        Duration.ofMinutes(overlapMinutes)));
    try (var lock = ctx.lock(CurateCommand.LOCK, CurateCommand.LEASE)) {
      for (TableContract contract : ctx.config().tables()) {
        if (selected.contains(contract.curatedTable())) {
          System.out.println(TableRebuild.run(ctx.spark(), ctx.config(), contract, reload).summary());
        }
      }
    }
    return 0;
  }
}
