package io.cdclake.common.pci;

import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * An error as text that may leave a job: {@link #summary} as one line for a log, a report or a status page: the type and the first line of the message (of the
 * cause, for a streaming query's failure, whose own message wraps it in query details), at most 500 characters,
 * card numbers scrubbed; {@link #stackTrace} whole, for the log, scrubbed too. Spark's messages can quote a row's
 * values (and a logger prints every cause's message), so no error text leaves a job without one of the two.
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

  /** The stack trace with every cause, as {@link Throwable#printStackTrace()} prints it, card numbers scrubbed. */
  public static String stackTrace(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return PanScrubber.scrub(w.toString());
  }
}
