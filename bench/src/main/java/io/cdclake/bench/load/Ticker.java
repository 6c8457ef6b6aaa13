package io.cdclake.bench.load;

/**
 * Time as the pacer sees it: a monotonic clock it can also wait on. The system one sleeps; tests use one whose
 * sleep just advances the clock, so rate control is tested exactly and instantly.
 */
public interface Ticker {
  long nanoTime();

  void sleepNanos(long nanos) throws InterruptedException;

  static Ticker system() {
    return new Ticker() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
          Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
      }
    };
  }
}
