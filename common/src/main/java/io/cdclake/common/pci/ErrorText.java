package io.cdclake.common.pci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * An error as text that may leave a job: {@link #summary} as one line for a log, a report or a status page: the
 * type and first line of each error in the cause chain that says something of its own (not Spark's job abort, which
 * names stages and tasks, nor a wrapper that repeats its cause; for a streaming query's failure, its cause, whose
 * own message wraps it in query details), at most 500 characters, card numbers scrubbed; {@link #stackTrace}
 * whole, for the log, scrubbed too. Spark's messages can quote a row's values (and a logger prints every cause's
 * message), so no error text leaves a job without one of the two.
 */
public final class ErrorText {
  private static final int MAX = 500;

  private ErrorText() {}

  public static String summary(Throwable t) {
    Throwable top = t instanceof StreamingQueryException s && s.cause() != null ? s.cause() : t;
    List<String> lines = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable c = top; c != null && seen.add(c); c = c.getCause()) {
      if (c.getCause() != null && addsNothing(c)) {
        continue;
      }
      lines.add(c.getClass().getSimpleName() + ": " + firstLine(c.getMessage()));
    }
    String text = String.join("; caused by ", lines);
    return PanScrubber.scrub(text.length() > MAX ? text.substring(0, MAX) + "…" : text);
  }

  /**
   * A link of the chain that only wraps its cause: Spark's job abort (its first line is about the stage, task and
   * host, then quotes the task's error, which is the cause), or a wrapper whose message is its cause's text.
   */
  private static boolean addsNothing(Throwable t) {
    String message = t.getMessage();
    return message == null
        || message.startsWith("Job aborted due to stage failure")
        || message.equals(t.getCause().toString());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** The stack trace with every cause, as {@link Throwable#printStackTrace()} prints it, card numbers scrubbed. */
  public static String stackTrace(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return PanScrubber.scrub(w.toString());
  }
}
