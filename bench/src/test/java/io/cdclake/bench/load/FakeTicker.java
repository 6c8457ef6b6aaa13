package io.cdclake.bench.load;

/** A clock that only moves when the code under test sleeps or the test advances it. */
final class FakeTicker implements Ticker {
  private long now = 1_000_000_000L;
  long sleeps;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void sleepNanos(long nanos) {
    if (nanos <= 0) {
      throw new AssertionError("asked to sleep " + nanos + " ns");
    }
    sleeps++;
    now += nanos;
  }

  void advanceMillis(long millis) {
    now += millis * 1_000_000L;
  }
}
