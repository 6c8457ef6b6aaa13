package io.cdclake.bench;

import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.common.dms.synth.ChangeMix;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the bench commands read picocli command lines: whole numbers may be written {@code 1_000_000}, the
 * generator's tables, mix and partition-key mode are option types, and a value given twice replaces the first
 * (a wrapper script can append an override). A bad value is reported with the option it was given to.
 */
final class CommandLines {
  private CommandLines() {}

  /** What a command does once its command line is checked; returns the exit code. */
  interface Body<T> {
    int run(T checked) throws Exception;
  }

  /**
   * Fills {@code arguments} (a picocli {@code @Command} object) from {@code argv}.
   *
   * @throws IllegalArgumentException for an unknown option, a missing or unconvertible value
   */
  static <A> A parse(A arguments, String... argv) {
    CommandLine cli = commandLine(arguments);
    try {
      cli.parseArgs(argv);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(cli.getCommandName() + ": " + describe(e), e);
    }
    return arguments;
  }

  /**
   * A command's main: the usage for {@code --help}; otherwise the command line parsed, checked and run. A bad
   * command line, including one {@code check} rejects, is reported as picocli reports one (the error, a guess at
   * a mistyped option, the usage) with exit code 2.
   */
  static <A, T> int run(A arguments, String[] argv, Function<A, T> check, Body<T> body) throws Exception {
    CommandLine cli = commandLine(arguments);
    T checked;
    try {
      cli.parseArgs(argv);
      if (cli.isUsageHelpRequested()) {
        cli.usage(cli.getOut());
        return 0;
      }
      checked = check.apply(arguments);
    } catch (ParameterException e) {
      return cli.getParameterExceptionHandler().handleParseException(e, argv);
    } catch (IllegalArgumentException e) {
      return cli.getParameterExceptionHandler().handleParseException(
          new ParameterException(cli, e.getMessage(), e), argv);
    }
    return body.run(checked);
  }

  static CommandLine commandLine(Object arguments) {
    CommandLine cli = new CommandLine(arguments)
        .setOverwrittenOptionsAllowed(true)
        .setUsageHelpWidth(110)
        .setUsageHelpLongOptionsMaxWidth(32);
    cli.registerConverter(Long.class, CommandLines::whole)
        .registerConverter(long.class, CommandLines::whole)
        .registerConverter(Integer.class, CommandLines::wholeInt)
        .registerConverter(int.class, CommandLines::wholeInt)
        .registerConverter(ChangeMix.class, reported(CommandLines::mix))
        .registerConverter(PartitionKeyMode.class, reported(PartitionKeyMode::parse))
        .registerConverter(TableLoad.class, reported(spec -> TableLoad.parseList(spec).get(0)));
    return cli;
  }

  private static String describe(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      return e.getMessage() + "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
    }
    return e.getMessage();
  }

  /** The parser's own message for a value it rejects, where picocli would name only the target type. */
  private static <T> ITypeConverter<T> reported(Function<String, T> parse) {
    return text -> {
      try {
        return parse.apply(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    };
  }

  private static long whole(String text) {
    try {
      return Long.parseLong(text.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is not a whole number");
    }
  }

  private static int wholeInt(String text) {
    long v = whole(text);
    if (v != (int) v) {
      throw new TypeConversionException("'" + text + "' is out of range");
    }
    return (int) v;
  }

  /** {@code I,U,D,K,DUP}: weights of insert, update, delete, key change and duplicate. */
  private static ChangeMix mix(String text) {
    String[] parts = text.split(",");
    if (parts.length != 5) {
      throw new IllegalArgumentException("needs five weights: insert,update,delete,keyChange,duplicate");
    }
    double[] w = new double[5];
    for (int i = 0; i < 5; i++) {
      try {
        w[i] = Double.parseDouble(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + parts[i] + "' is not a weight (a number)");
      }
    }
    return new ChangeMix(w[0], w[1], w[2], w[3], w[4]);
  }
}
