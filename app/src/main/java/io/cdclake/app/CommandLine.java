package io.cdclake.app;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <command> [--env NAME] [--conf-dir DIR] [--flag] [--key value]…}: the arguments every job takes,
 * parsed once. Unknown options are kept for the command to check, so each command owns its own options.
 *
 * @param command the subcommand
 * @param env     environment name, selecting {@code <conf-dir>/<env>.json}
 * @param confDir directory holding the environment files and {@code contracts/}
 * @param options remaining {@code --key value} options ({@code --flag} alone maps to "true")
 * @param raw     the arguments after the command, untouched, for commands that parse their own
 */
public record CommandLine(String command, String env, Path confDir, Map<String, String> options, List<String> raw) {

  public static CommandLine parse(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      throw new UsageException("missing command");
    }
    String env = "local";
    Path confDir = Paths.get("conf");
    Map<String, String> options = new LinkedHashMap<>();
    List<String> raw = new ArrayList<>(List.of(args).subList(1, args.length));
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new UsageException("unexpected argument '" + a + "' (options are --name value)");
      }
      String name = a.substring(2);
      String value = "true";
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      }
      switch (name) {
        case "env" -> env = value;
        case "conf-dir" -> confDir = Paths.get(value);
        default -> options.put(name, value);
      }
    }
    return new CommandLine(args[0], env, confDir, options, raw);
  }

  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  public boolean flag(String name) {
    return "true".equalsIgnoreCase(options.getOrDefault(name, "false"));
  }

  /** A whole-number option of at least {@code min}, or {@code fallback} when absent; a bad value names the option. */
  public int intOption(String name, int min, int fallback) {
    Optional<String> value = option(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.get().trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + name + " takes a whole number of at least " + min + ", not '" + value.get()
        + "'");
  }

  /** Fails on options the command does not know, instead of ignoring a typo such as {@code --dry-rn}. */
  public void allowOnly(String... names) {
    List<String> allowed = List.of(names);
    for (String name : options.keySet()) {
      if (!allowed.contains(name)) {
        throw new UsageException("'" + command + "' does not take --" + name
            + (allowed.isEmpty() ? "" : " (it takes --" + String.join(", --", allowed) + ")"));
      }
    }
  }

  /** A mistake in how the command was called; Main prints the usage after it. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
