package io.cdclake.common.pci;

import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * An error as one line for a log, a report or a status page: the type and the first line of the message (of the
 * cause, for a streaming query's failure, whose own message wraps it in query details), at most 500 characters,
 * card numbers scrubbed. Spark's messages can quote a row's values, so no error text leaves a job without this.
 */
public final class ErrorText {
  private static final int MAX = 500;

  private ErrorText() {}

  public static String summary(Throwable t) {
    Throwable cause = t instanceof StreamingQueryException s && s.cause() != null ? s.cause() : t;
    String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    int nl = text.indexOf('\n');
    text = nl < 0 ? text : text.substring(0, nl);
    return PanScrubber.scrub(text.length() > MAX ? text.substring(0, MAX) + "…" : text);
  }
}
