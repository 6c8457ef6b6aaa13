package io.cdclake.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void nearestRankPercentilesOverWeightedValues() {
    LatencyHistogram h = new LatencyHistogram();
    // 1..100 ms once each, and 90 more samples at 5000 ms added in two parts.
    for (long ms = 1; ms <= 100; ms++) {
      h.add(ms, 1);
    }
    h.add(5000, 40);
    h.add(5000, 50);
    assertEquals(190, h.count());
    assertEquals(95, h.percentile(50));   // rank 95
    assertEquals(100, h.percentile(52.6)); // rank ceil(99.94) = 100
    assertEquals(5000, h.percentile(53));  // rank 101
    assertEquals(5000, h.percentile(99));
    assertEquals(1, h.percentile(0.1));
    assertEquals(5000, h.max());
    assertEquals((5050 + 5000 * 90) / 190.0, h.mean(), 1e-9);
  }

  @Test
  void emptyHistogramsAndBadPercentilesAreErrors() {
    LatencyHistogram h = new LatencyHistogram();
    assertThrows(IllegalStateException.class, () -> h.percentile(50));
    h.add(3, 1);
    assertThrows(IllegalArgumentException.class, () -> h.percentile(0));
    assertThrows(IllegalArgumentException.class, () -> h.percentile(101));
    assertThrows(IllegalArgumentException.class, () -> h.add(3, -1));
  }
}
