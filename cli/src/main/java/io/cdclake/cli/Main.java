package io.cdclake.cli;

import io.cdclake.bench.LoadGeneratorCommand;
import io.cdclake.ops.Provision;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The entry point of the command-line jar ({@code cdclake-cli-<version>.jar}): the tools an operator runs from a
 * workstation or the EMR primary node, never an EMR step. They talk to AWS services Spark jobs do not (DMS, S3
 * buckets, Kinesis streams, IAM-protected CloudWatch alarms), so their SDK clients stay out of the application jar.
 */
@Command(name = "cdclake-cli", customSynopsis = "cdclake-cli <command> [options]",
    description = "Operator tools of the CDC lakehouse pipeline.", commandListHeading = "%nCommands:%n",
    footer = {"", "'cdclake-cli help <command>' lists a command's own options."})
public final class Main implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this text")
  private boolean help;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main())
        .addSubcommand(new Provision(out))
        .addSubcommand("load-generator", LoadGeneratorCommand.commandLine())
        .addSubcommand(new HelpCommand());
    // An argument starting with '@' would otherwise be read as a file of further arguments.
    cli.setExpandAtFiles(false);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Only reached without a command: the commands run themselves. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }
}
