package io.cdclake.app;

import io.cdclake.common.config.ConfigException;
import io.cdclake.common.pci.PanScrubber;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point of the application jar: {@code spark-submit … cdclake-app-emr.jar <command> [options]}.
 * Each command is a small class; this one only dispatches and turns failures into exit codes an EMR step
 * and Airflow understand (0 done, 1 failed, 2 called wrongly).
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  static final String USAGE = """
      usage: Main <command> [--env NAME] [--conf-dir DIR] [options]

      commands:
        ingest        [--available-now]       stream DMS records into the raw zone (runs until stopped;
                                              --available-now processes what is there and exits)
        curate        [--tables a,b] [--parallelism N]
                                              apply new raw changes to the curated Delta tables,
                                              N tables at a time (default 4)
        catalog-sync  [--tables a,b]          register/update curated tables in Glue (or the local catalog)
        catalog-ddl   --out DIR               write the Athena DDL of every curated table to DIR
        maintain      [--tables a,b] [--zorder] [--vacuum-retention-hours H] [--no-vacuum] [--no-optimize]
                      [--raw-lookback-days N] [--no-raw-compaction]
                                              compact (OPTIMIZE) and clean (VACUUM) curated tables; compact
                                              the raw zone's closed days (the N days before today, default 2)
        provision     [--dry-run] …           create/update DMS mappings, S3 zones, Glue database
                                              (see 'provision --help')
        replay-quarantine --tables s.t[,s.t]  re-inject quarantined records of these source tables
                                              (after their contract was added or fixed), exactly once
        status        [--html PATH] [--freshness-objective-minutes N] [--check]
                                              every table's health (freshness, last ingest and curate,
                                              rows, quarantine), printed and written as an HTML page
                                              (default: status.html beside the zones); --check exits 1
                                              when a table is FAILING or STALE (objective default 60)
        local-run                             ingest, curate and register the local sample, then query it

      --env NAME      selects DIR/NAME.json (default: local)
      --conf-dir DIR  configuration directory (default: conf)
      Main help (or --help) prints this.
      """;

  private static final Map<String, Function<CommandLine, Integer>> COMMANDS = Map.of(
      "ingest", cl -> new IngestCommand(cl).run(),
      "curate", cl -> new CurateCommand(cl).run(),
      "catalog-sync", cl -> new CatalogSyncCommand(cl).run(),
      "catalog-ddl", cl -> new CatalogDdlCommand(cl).run(),
      "maintain", cl -> new MaintainCommand(cl).run(),
      "provision", cl -> io.cdclake.ops.Provision.run(cl.raw().toArray(String[]::new), System.out),
      "replay-quarantine", cl -> new ReplayQuarantineCommand(cl).run(),
      "status", cl -> new StatusCommand(cl).run(),
      "local-run", cl -> new LocalRunCommand(cl).run());

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  static int run(String[] args, PrintStream err) {
    return run(args, System.out, err);
  }

  /** {@code help}, {@code --help} and {@code -h} print the usage and succeed; a command's own help is its own. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && List.of("help", "--help", "-h").contains(args[0])) {
      out.println(USAGE);
      return 0;
    }
    try {
      CommandLine cl = CommandLine.parse(args);
      Function<CommandLine, Integer> command = COMMANDS.get(cl.command());
      if (command == null) {
        throw new CommandLine.UsageException("unknown command '" + cl.command() + "'");
      }
      return command.apply(cl);
    } catch (CommandLine.UsageException e) {
      err.println("error: " + PanScrubber.scrub(e.getMessage()));
      err.println(USAGE);
      return 2;
    } catch (ConfigException e) {
      err.println("configuration error: " + PanScrubber.scrub(e.getMessage()));
      return 1;
    } catch (RuntimeException e) {
      // Spark's messages can quote a row's values; the trace is logged as scrubbed text, never as the exception.
      LOG.error("{} failed: {}", args.length > 0 ? args[0] : "command", PanScrubber.scrub(stackTrace(e)));
      err.println("failed: " + PanScrubber.scrub(e.getMessage()));
      return 1;
    }
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}
