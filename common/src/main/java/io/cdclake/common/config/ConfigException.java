package io.cdclake.common.config;

import java.util.List;

/**
 * A configuration or data-contract problem found at start-up. The message always names the file and the
 * field, and says what to do, because the person reading it is an on-call data engineer looking at a failed
 * EMR step, not the author of this code.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String source, String field, String problem) {
    super(source + ": " + fieldProblem(field, problem));
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Several problems of one file at once, each made by {@link #fieldProblem}, so one fix-up round covers them. */
  public static ConfigException of(String source, List<String> fieldProblems) {
    return new ConfigException(source + ": " + String.join("; ", fieldProblems), null);
  }

  public static String fieldProblem(String field, String problem) {
    return "field '" + field + "' " + problem;
  }
}
