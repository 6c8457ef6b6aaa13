package io.cdclake.common.config;

/**
 * A configuration or data-contract problem found at start-up. The message always names the file and the
 * field, and says what to do, because the person reading it is an on-call data engineer looking at a failed
 * EMR step, not the author of this code.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String source, String field, String problem) {
    super(source + ": field '" + field + "' " + problem);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
