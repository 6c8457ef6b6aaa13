package io.cdclake.app;

import io.cdclake.common.config.ConfigException;
import io.cdclake.common.pci.ErrorText;
import io.cdclake.common.pci.PanScrubber;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one entry point of the application jar: {@code spark-submit … cdclake-app-emr.jar <command> [options]}.
 * Each command is a small class; this one only dispatches and turns failures into exit codes an EMR step
 * and Airflow understand (0 done, 1 failed, 2 called wrongly). Every message it prints is scrubbed of card
 * numbers: a mistyped value or a Spark error can quote one.
 */
@Command(name = "Main", customSynopsis = "Main <command> [--env NAME] [--conf-dir DIR] [options]",
    description = "Runs one job of the CDC lakehouse pipeline.", commandListHeading = "%nCommands:%n",
    footer = {"", "Every command takes --env NAME (selects DIR/NAME.json, default: local) and --conf-dir DIR"
        + " (default: conf). 'Main help <command>' lists a command's own options. Provisioning and the load"
        + " generator are in the command-line jar (cdclake-cli)."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done", "1:failed (the message says what and where)", "2:called wrongly (usage printed)"})
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final int FAILED = 1;
  static final int USAGE = 2;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this text")
  private boolean help;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler((e, ignored) -> usageError(e, err));
    cli.setExecutionExceptionHandler((e, command, ignored) -> failure(e, command.getCommandName(), err));
    return cli.execute(args);
  }

  /** Every command, in the order the usage lists them. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main())
        .addSubcommand(new IngestCommand())
        .addSubcommand(new CurateCommand())
        .addSubcommand(new CatalogSyncCommand())
        .addSubcommand(new CatalogDdlCommand())
        .addSubcommand(new MaintainCommand())
        .addSubcommand(new ReplayQuarantineCommand())
        .addSubcommand(new StatusCommand())
        .addSubcommand(new RebuildCommand())
        .addSubcommand(new LocalRunCommand())
        .addSubcommand(new HelpCommand());
    // An argument starting with '@' would otherwise be read as a file of further arguments.
    cli.setExpandAtFiles(false);
    return cli;
  }

  /** Only reached without a command: the commands run themselves. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }

  /** The error, what was probably meant, then the usage of the command that was called wrongly. */
  private static int usageError(ParameterException e, PrintStream err) {
    err.println("error: " + PanScrubber.scrub(e.getMessage()));
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println(PanScrubber.scrub(e.getCommandLine().getUsageMessage()));
    return USAGE;
  }

  private static int failure(Exception e, String command, PrintStream err) {
    if (e instanceof ConfigException) {
      err.println("configuration error: " + PanScrubber.scrub(e.getMessage()));
      return FAILED;
    }
    // Spark's messages can quote a row's values; the trace is logged as scrubbed text, never as the exception.
    LOG.error("{} failed: {}", command, ErrorText.stackTrace(e));
    err.println("failed: " + PanScrubber.scrub(e.getMessage()));
    return FAILED;
  }
}
