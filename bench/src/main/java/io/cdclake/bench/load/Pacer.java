package io.cdclake.bench.load;

import java.time.Duration;

/**
 * A token bucket whose refill rate follows a {@link RateSchedule}. The sender asks for a batch; the pacer waits
 * until enough permits have accrued, hands out what is there (up to the batch limit) and reports the end of the
 * run with 0.
 *
 * <p>Two choices keep the produced load honest. Permits accrue as the exact integral of the schedule, so a run
 * sends the schedule's total when the sender keeps up. The bucket holds at most {@code burstCapacity} permits,
 * so a sender that stalls (throttling, a slow disk) loses the permits it could not use instead of catching up
 * in a burst the target system never sees in production; the shortfall shows up in the achieved rate.
 *
 * <p>Batches are sized to what accrues in {@code batchWindow} at the current rate (at least one record), so a high
 * rate travels in few large requests and a low one still flows record by record.
 */
public final class Pacer {
  /** Longest single wait, so a ramp that raises the rate is noticed promptly. */
  private static final long MAX_WAIT_NANOS = Duration.ofMillis(50).toNanos();
  /** Rate assumed for wait estimates at the very start of a ramp, where the schedule's rate is zero. */
  private static final double MIN_RATE = 1.0;

  private final RateSchedule schedule;
  private final Ticker ticker;
  private final double burstCapacity;
  private final double batchWindowSeconds;
  private final long startNanos;
  private final long endNanos;
  private long accruedUntil;
  /** Permits handed out so far. */
  private long granted;
  /** Permits that overflowed the bucket while the sender was busy: load the run could not produce. */
  private double lost;

  public Pacer(RateSchedule schedule, Ticker ticker, double burstCapacity, Duration batchWindow) {
    if (!(burstCapacity >= 1)) {
      throw new IllegalArgumentException("burst capacity must be at least 1 record, was " + burstCapacity);
    }
    if (batchWindow.isNegative()) {
      throw new IllegalArgumentException("batch window must not be negative, was " + batchWindow);
    }
    this.schedule = schedule;
    this.ticker = ticker;
    this.burstCapacity = burstCapacity;
    this.batchWindowSeconds = batchWindow.toNanos() / 1e9;
    this.startNanos = ticker.nanoTime();
    this.endNanos = schedule.duration().toNanos();
  }

  /**
   * Waits until a batch may be sent and takes it.
   *
   * @param maxBatch most records the caller can send at once
   * @return records to send now, between 1 and {@code maxBatch}; 0 once the run is over
   */
  public int acquire(int maxBatch) throws InterruptedException {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
    }
    while (true) {
      long elapsed = elapsed();
      accrue(elapsed);
      double tokens = tokens();
      int available = (int) Math.min(Integer.MAX_VALUE, Math.floor(tokens + 1e-6));
      boolean over = elapsed >= endNanos;
      int wanted = wanted(elapsed, maxBatch);
      if (available >= wanted || (over && available > 0)) {
        int take = Math.min(maxBatch, available);
        granted += take;
        return take;
      }
      if (over) {
        return 0;
      }
      double rate = Math.max(schedule.rateAt(elapsed), MIN_RATE);
      long wait = (long) Math.ceil((wanted - tokens) / rate * 1e9);
      wait = Math.max(1, Math.min(Math.min(wait, MAX_WAIT_NANOS), endNanos - elapsed));
      ticker.sleepNanos(wait);
    }
  }

  /** Time since the pacer was created. */
  public long elapsed() {
    return ticker.nanoTime() - startNanos;
  }

  /** Smallest batch worth sending now: what the current rate accrues in one batch window, within the limits. */
  private int wanted(long elapsed, int maxBatch) {
    double perWindow = Math.ceil(schedule.rateAt(elapsed) * batchWindowSeconds);
    return (int) Math.max(1, Math.min(Math.min(perWindow, maxBatch), Math.floor(burstCapacity)));
  }

  /** Permits the sender could not use because the bucket was full. */
  public long lostPermits() {
    return (long) Math.floor(lost + 1e-6);
  }

  /**
   * Brings the bucket up to {@code elapsed}. Kept as "accrued minus granted minus lost" rather than a running
   * sum, so a long run hands out exactly the schedule's integral with no floating-point drift.
   */
  private void accrue(long elapsed) {
    long until = Math.min(elapsed, endNanos);
    if (until > accruedUntil) {
      accruedUntil = until;
      double overflow = tokens() - burstCapacity;
      if (overflow > 0) {
        lost += overflow;
      }
    }
  }

  private double tokens() {
    return schedule.permitsUntil(accruedUntil) - granted - lost;
  }
}
