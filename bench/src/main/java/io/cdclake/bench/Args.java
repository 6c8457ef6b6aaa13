package io.cdclake.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --name value} and {@code --flag} command-line options, checked against the options a command knows so
 * that a typo fails loudly instead of silently running with a default.
 */
public final class Args {
  private final String command;
  private final Map<String, String> values = new LinkedHashMap<>();

  private Args(String command) {
    this.command = command;
  }

  /**
   * @param withValue options that take a value
   * @param flags     options that take none
   */
  public static Args parse(String command, String[] argv, Set<String> withValue, Set<String> flags) {
    Args args = new Args(command);
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        throw args.error("unexpected argument '" + a + "'", withValue, flags);
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        args.values.put(name, value == null ? "true" : value);
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= argv.length) {
            throw args.error("--" + name + " needs a value", withValue, flags);
          }
          value = argv[++i];
        }
        args.values.put(name, value);
      } else {
        throw args.error("unknown option --" + name, withValue, flags);
      }
    }
    return args;
  }

  private IllegalArgumentException error(String what, Set<String> withValue, Set<String> flags) {
    Set<String> known = new TreeSet<>(withValue);
    known.addAll(flags);
    return new IllegalArgumentException(command + ": " + what + "; known options: --" + String.join(", --", known));
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public String require(String name) {
    return get(name).orElseThrow(() -> new IllegalArgumentException(command + ": --" + name + " is required"));
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }

  public long getLong(String name, long fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(command + ": --" + name + " must be a whole number, was '" + v + "'");
    }
  }

  public int getInt(String name, int fallback) {
    long v = getLong(name, fallback);
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new IllegalArgumentException(command + ": --" + name + " is out of range: " + v);
    }
    return (int) v;
  }

  public double getDouble(String name, double fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(command + ": --" + name + " must be a number, was '" + v + "'");
    }
  }
}
