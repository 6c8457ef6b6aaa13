package io.cdclake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The latency histograms the benchmark reports from: nearest-rank percentiles to the declared precision. */
class LatencyHistogramTest {
  private static final double[] PERCENTILES = {0.1, 1, 25, 50, 52.6, 53, 90, 95, 99, 99.9, 100};

  @Test
  void weightedSamplesGiveNearestRankPercentiles() {
    Histogram h = LakeMeasures.latencyHistogram();
    // 1..100 ms once each, and 90 more samples at 5000 ms added in two parts.
    for (long ms = 1; ms <= 100; ms++) {
      LakeMeasures.record(h, ms, 1);
    }
    LakeMeasures.record(h, 5000, 40);
    LakeMeasures.record(h, 5000, 50);
    assertEquals(190, h.getTotalCount());
    assertEquals(95, h.getValueAtPercentile(50));    // rank 95
    assertEquals(100, h.getValueAtPercentile(52.6)); // rank ceil(99.94) = 100
    assertEquals(1, h.getValueAtPercentile(0.1));
    assertWithinPrecision(5000, h.getValueAtPercentile(53)); // rank 101
    assertWithinPrecision(5000, h.getMaxValue());
    assertEquals(0.095, Benchmark.seconds(h, 50), 1e-9);
    assertNull(Benchmark.seconds(LakeMeasures.latencyHistogram(), 50), "no samples, no figure");
  }

  @Test
  void percentilesOfLatenciesUpToTenMinutesAreWithinTheDeclaredPrecision() {
    Random random = new Random(7);
    long[] samples = new long[20_000];
    Histogram h = LakeMeasures.latencyHistogram();
    for (int i = 0; i < samples.length; i++) {
      // Spread over orders of magnitude, as raw (seconds) and curated (minutes) latencies are.
      samples[i] = (long) Math.pow(10, random.nextDouble() * 5.8);
      LakeMeasures.record(h, samples[i], 1);
    }
    Arrays.sort(samples);
    for (double p : PERCENTILES) {
      long exact = samples[(int) Math.ceil(p / 100 * samples.length) - 1];
      assertWithinPrecision(exact, h.getValueAtPercentile(p));
    }
    assertWithinPrecision(samples[samples.length - 1], h.getMaxValue());
  }

  @Test
  void aNegativeLatencyCountsAsZero() {
    Histogram h = LakeMeasures.latencyHistogram();
    LakeMeasures.record(h, -3, 2);
    LakeMeasures.record(h, 10, 1);
    assertEquals(3, h.getTotalCount());
    assertEquals(0, h.getValueAtPercentile(50));
  }

  /** Exact below 2,048 ms; above, never below the sample and at most one part in 10^digits over it. */
  private static void assertWithinPrecision(long exact, long reported) {
    if (exact < 2048) {
      assertEquals(exact, reported);
    } else {
      assertTrue(reported >= exact && reported - exact <= exact * Math.pow(10, -LakeMeasures.LATENCY_DIGITS),
          "exact " + exact + ", reported " + reported);
    }
  }
}
