package io.cdclake.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void steadyRateSendsExactlyTheScheduleAndNeverRunsAhead() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateSchedule schedule = new RateSchedule(1000, Duration.ZERO, Duration.ofSeconds(10));
    Pacer pacer = new Pacer(schedule, ticker, 1000, Duration.ofMillis(50));
    long sent = 0;
    int n;
    while ((n = pacer.acquire(500)) > 0) {
      sent += n;
      assertTrue(sent <= schedule.permitsUntil(pacer.elapsed()) + 1e-6,
          "sent " + sent + " by " + pacer.elapsed() + " ns, ahead of the schedule");
      assertTrue(n <= 500);
    }
    assertEquals(10_000, sent);
    assertEquals(0, pacer.lostPermits());
    assertEquals(10 * SECOND, pacer.elapsed());
  }

  @Test
  void rampFollowsTheIntegralOfTheRate() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateSchedule schedule = new RateSchedule(2000, Duration.ofSeconds(30), Duration.ofSeconds(120));
    Pacer pacer = new Pacer(schedule, ticker, 2000, Duration.ofMillis(50));
    long sent = 0;
    long sentAtHalfRamp = -1;
    int n;
    while ((n = pacer.acquire(500)) > 0) {
      sent += n;
      if (sentAtHalfRamp < 0 && pacer.elapsed() >= 15 * SECOND) {
        sentAtHalfRamp = sent;
      }
      // Never more than one batch window behind the schedule while the sender keeps up.
      double due = schedule.permitsUntil(pacer.elapsed());
      assertTrue(sent <= due + 1e-6 && sent >= due - 2000 * 0.05 - 1, "sent " + sent + ", due " + due);
    }
    // 2000/s * (120 s - 30 s / 2) and, half-way up the ramp, 2000/s * 15^2 / (2 * 30).
    assertEquals(210_000, sent);
    assertEquals(7_500, sentAtHalfRamp, 100);
  }

  @Test
  void batchesAreSizedToTheWindowAtHighRatesAndSingleAtLowRates() throws InterruptedException {
    FakeTicker fast = new FakeTicker();
    Pacer high = new Pacer(new RateSchedule(20_000, Duration.ZERO, Duration.ofSeconds(2)), fast, 20_000,
        Duration.ofMillis(50));
    assertEquals(500, high.acquire(500));
    assertEquals(SECOND / 40, high.elapsed(), 1_000_000, "500 records at 20000/s take 25 ms");

    FakeTicker slow = new FakeTicker();
    Pacer low = new Pacer(new RateSchedule(10, Duration.ZERO, Duration.ofSeconds(2)), slow, 500,
        Duration.ofMillis(50));
    assertEquals(1, low.acquire(500));
    assertEquals(SECOND / 10, low.elapsed(), 1_000_000);
    assertEquals(1, low.acquire(500));
    assertEquals(2 * SECOND / 10, low.elapsed(), 1_000_000);
  }

  @Test
  void aStalledSenderLosesPermitsBeyondTheBurstCapacityInsteadOfCatchingUp() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateSchedule schedule = new RateSchedule(1000, Duration.ZERO, Duration.ofSeconds(10));
    Pacer pacer = new Pacer(schedule, ticker, 500, Duration.ofMillis(50));
    assertEquals(50, pacer.acquire(500));
    ticker.advanceMillis(3000); // the sink blocked for 3 s
    assertEquals(500, pacer.acquire(5000), "at most the bucket's capacity after a stall");
    long sent = 550;
    int n;
    while ((n = pacer.acquire(500)) > 0) {
      sent += n;
    }
    assertEquals(10_000 - sent, pacer.lostPermits());
    assertEquals(2500, pacer.lostPermits(), 1);
  }

  @Test
  void endsWithZeroAndHandsOutTheRemainderBelowTheBatchWindow() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    // 1000 ms at 30/s with a 1 s window: wants 30 per batch, the run only ever accrues 30 in total.
    Pacer pacer = new Pacer(new RateSchedule(30, Duration.ZERO, Duration.ofMillis(1000)), ticker, 100,
        Duration.ofSeconds(1));
    assertEquals(30, pacer.acquire(100));
    assertEquals(0, pacer.acquire(100));
    assertEquals(0, pacer.acquire(100));
  }

  @Test
  void rejectsSchedulesThatCannotRun() {
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> new RateSchedule(10, Duration.ofSeconds(5), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(10, Duration.ZERO, Duration.ZERO));
    RateSchedule ok = new RateSchedule(10, Duration.ZERO, Duration.ofSeconds(1));
    assertThrows(IllegalArgumentException.class, () -> new Pacer(ok, new FakeTicker(), 0.5, Duration.ZERO));
  }
}
