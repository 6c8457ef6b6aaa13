package io.cdclake.common.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The two things every bounded pool of the jobs needs: named daemon workers, and a result without checked noise. */
public final class Tasks {
  private Tasks() {}

  /** Daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, ...: a stuck worker never keeps the JVM alive. */
  public static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The task's result; its own unchecked exception or Error is rethrown as it was (an Error means the JVM is not fit
   * to go on), an interrupt is kept and reported.
   */
  public static <T> T await(Future<T> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a task", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
