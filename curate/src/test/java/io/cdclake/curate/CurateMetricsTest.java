package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.metrics.InMemorySink;
import io.cdclake.curate.testing.Dms;
import io.cdclake.curate.testing.TestLake;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurateMetricsTest {
  @Test
  void eachTableOfARunEmitsItsCountsAndFreshness() {
    TestLake lake = TestLake.create(LatestStateCurationTest.HARD, LatestStateCurationTest.SOFT);
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, LatestStateCurationTest.acct(1, "Ada", "1.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 20, 1, LatestStateCurationTest.acct(2, "Bo", "2.00", "EUR"))));
    InMemorySink sink = new InMemorySink();
    lake.curate(CurateOptions.defaults().withMetrics(sink));

    var accounts = sink.where(Map.of("Job", "curate", "Table", "bank_accounts"));
    assertEquals(1, accounts.size(), sink.emitted().toString());
    assertEquals(2.0, accounts.get(0).value("RowsInserted").orElseThrow());
    assertEquals(0.0, accounts.get(0).value("Failed").orElseThrow());
    double freshness = accounts.get(0).value("FreshnessSeconds").orElseThrow();
    double expected = Duration.between(Dms.at(20), Instant.now()).toSeconds();
    assertTrue(Math.abs(freshness - expected) < 120, freshness + " vs " + expected + ": now minus the newest change");

    var run = sink.emitted().stream().filter(e -> e.dimensions().equals(Map.of("Job", "curate"))).toList();
    assertEquals(1, run.size(), "one run-level emit, without a table dimension: " + sink.emitted());
    assertEquals(2.0, run.get(0).value("TablesCurated").orElseThrow());
    assertEquals(0.0, run.get(0).value("TablesFailed").orElseThrow());
    assertEquals(2.0, run.get(0).value("RawChangesRead").orElseThrow());

    var clients = sink.where(Map.of("Table", "bank_clients"));
    assertEquals(1, clients.size());
    assertTrue(clients.get(0).value("FreshnessSeconds").isEmpty(), "no change applied: no freshness figure");
    assertEquals(0.0, clients.get(0).value("RawChangesRead").orElseThrow());
  }
}
