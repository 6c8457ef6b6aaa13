package io.cdclake.common.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.SharedSpark;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class WriterLockTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(5);
  private final SparkSession spark = SharedSpark.get();
  private final String locks = SharedSpark.newDir("locks-").resolve("_locks").toString();

  private static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  @Test
  void aSecondTakerIsRefusedNamingTheHolderUntilTheLeaseExpires() {
    WriterLock a = WriterLock.take(spark, locks, "curate", "run-a", TTL, at(T0));
    LockHeldException held = assertThrows(LockHeldException.class,
        () -> WriterLock.take(spark, locks, "curate", "run-b", TTL, at(T0.plusSeconds(60))));
    assertTrue(held.getMessage().contains("run-a") && held.getMessage().contains("2026-12-02T10:05:00Z"),
        held.getMessage());
    WriterLock other = WriterLock.take(spark, locks, "ingest", "run-b", TTL, at(T0.plusSeconds(60)));
    assertEquals("run-b", other.owner(), "another name is another lock");

    WriterLock b = WriterLock.take(spark, locks, "curate", "run-b", TTL, at(T0.plusSeconds(301)));
    assertEquals("run-b", b.owner(), "an expired lease is taken over");
    a.renew();
    assertTrue(a.lost(), "the old holder learns it lost the lock at its next renewal");
  }

  @Test
  void renewingKeepsTheLeaseAndReleasingFreesIt() throws Exception {
    WriterLock a = WriterLock.take(spark, locks, "curate", "run-a", TTL, at(T0));
    WriterLock renewedAtFour = WriterLock.take(spark, locks, "curate", "run-a", TTL, at(T0.plusSeconds(240)));
    assertFalse(renewedAtFour.lost());
    assertThrows(LockHeldException.class,
        () -> WriterLock.take(spark, locks, "curate", "run-b", TTL, at(T0.plusSeconds(400))),
        "renewed at 4 min, the lease runs to 9 min");
    a.close();
    assertEquals("run-b", WriterLock.take(spark, locks, "curate", "run-b", TTL, at(T0.plusSeconds(400))).owner());
  }

  /** Whatever the interleaving, two takers at once never both hold the lock. */
  @Test
  void ofTwoConcurrentTakersExactlyOneWins() throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> takers = new ArrayList<>();
      for (String owner : List.of("run-a", "run-b")) {
        takers.add(pool.submit(() -> {
          start.await();
          try {
            return WriterLock.take(spark, locks, "ingest", owner, TTL, at(T0)).owner();
          } catch (LockHeldException e) {
            return "refused";
          }
        }));
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : takers) {
        outcomes.add(f.get());
      }
      assertEquals(1, outcomes.stream().filter("refused"::equals).count(), outcomes.toString());
    } finally {
      pool.shutdownNow();
    }
  }
}
