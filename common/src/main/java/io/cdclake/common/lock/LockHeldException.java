package io.cdclake.common.lock;

import java.time.Instant;

/** Another job holds the lock: names it and when its lease runs out, so the operator knows whether to wait. */
public final class LockHeldException extends RuntimeException {
  public LockHeldException(String name, String holder, Instant expires) {
    super("'" + name + "' is held by " + holder + " until " + expires + " unless it renews: another run of the same"
        + " job is active (wait for it, or stop it); a holder that died releases it when its lease expires");
  }
}
