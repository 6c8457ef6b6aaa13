package io.cdclake.app;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every job takes: which environment file to load, and from where. */
final class JobOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = "--env", paramLabel = "NAME", defaultValue = "local",
      description = "selects DIR/NAME.json (default: ${DEFAULT-VALUE})")
  String env;

  @Option(names = "--conf-dir", paramLabel = "DIR", defaultValue = "conf",
      description = "configuration directory (default: ${DEFAULT-VALUE})")
  Path confDir;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this command's usage")
  boolean help;

  /** A mistake in how the command was called, found after parsing; Main reports it like a parse error. */
  ParameterException usageError(String message) {
    return new ParameterException(command.commandLine(), message);
  }
}
