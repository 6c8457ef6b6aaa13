package io.cdclake.bench.load;

import java.time.Duration;

/**
 * Target send rate over a run: a linear ramp from zero to {@code targetPerSecond} over {@code ramp}, then flat
 * until {@code duration} ends. The ramp lets downstream consumers (shard iterators, Spark's first micro-batches)
 * warm up instead of measuring a cold-start backlog.
 *
 * @param targetPerSecond records per second once ramped up
 * @param ramp            time to reach the target (zero: start at the target)
 * @param duration        total run time, ramp included
 */
public record RateSchedule(double targetPerSecond, Duration ramp, Duration duration) {
  private static final double NANOS = 1e9;

  public RateSchedule {
    if (!(targetPerSecond > 0) || Double.isInfinite(targetPerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number of records per second, was "
          + targetPerSecond);
    }
    if (ramp.isNegative()) {
      throw new IllegalArgumentException("ramp must not be negative, was " + ramp);
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("duration must be positive, was " + duration);
    }
    if (ramp.compareTo(duration) > 0) {
      throw new IllegalArgumentException("ramp (" + ramp.toSeconds() + " s) is longer than the run ("
          + duration.toSeconds() + " s)");
    }
  }

  /** Rate the schedule asks for at {@code elapsedNanos} into the run (zero after the end). */
  public double rateAt(long elapsedNanos) {
    if (elapsedNanos < 0 || elapsedNanos >= duration.toNanos()) {
      return 0;
    }
    long rampNanos = ramp.toNanos();
    if (elapsedNanos >= rampNanos) {
      return targetPerSecond;
    }
    return targetPerSecond * elapsedNanos / rampNanos;
  }

  /** Records the schedule allows from the start until {@code elapsedNanos}: the integral of the rate. */
  public double permitsUntil(long elapsedNanos) {
    double t = Math.min(Math.max(elapsedNanos, 0), duration.toNanos()) / NANOS;
    double r = ramp.toNanos() / NANOS;
    if (t <= r) {
      return r == 0 ? targetPerSecond * t : targetPerSecond * t * t / (2 * r);
    }
    return targetPerSecond * (r / 2 + (t - r));
  }

  /** Records the whole run allows. */
  public long totalPermits() {
    return (long) Math.floor(permitsUntil(duration.toNanos()) + 1e-6);
  }
}
