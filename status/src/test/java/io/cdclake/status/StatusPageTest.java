package io.cdclake.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  /** A lake with one table of each interesting health, and a day of batches. */
  static LakeStatus sample() {
    List<TableStatus.FreshnessPoint> history = List.of(
        new TableStatus.FreshnessPoint(NOW.minusSeconds(3000), 400),
        new TableStatus.FreshnessPoint(NOW.minusSeconds(2000), 5200),
        new TableStatus.FreshnessPoint(NOW.minusSeconds(1000), 300));
    TableStatus ok = new TableStatus("payments_payments", "payments.payments", Health.OK, "within the 60 min objective",
        60, Optional.of(NOW.minusSeconds(300)), Optional.of(NOW.minusSeconds(290)), Optional.of(NOW.minusSeconds(200)),
        Optional.of(new TableStatus.RunOutcome(NOW.minusSeconds(250), "OK", 120, "")), 1_234_567, 0, 0, history);
    TableStatus failing = new TableStatus("payments_cards", "payments.cards", Health.FAILING,
        "last curate run failed: DeltaConcurrentModificationException", 60, Optional.of(NOW.minusSeconds(7200)),
        Optional.empty(), Optional.of(NOW.minusSeconds(7000)),
        Optional.of(new TableStatus.RunOutcome(NOW.minusSeconds(100), "FAILED", 0, "conflict")), 42, 0, 0, List.of());
    TableStatus stale = new TableStatus("payments_customers", "payments.customers", Health.STALE,
        "newest change is 3 h old", 60, Optional.of(NOW.minusSeconds(3 * 3600)), Optional.empty(), Optional.empty(),
        Optional.empty(), 10, 3, 2, history.subList(0, 2));
    List<IngestBatch> batches = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      batches.add(new IngestBatch(100 + i, NOW.minusSeconds(30L * (12 - i)), 1000 + 250L * i));
    }
    return new LakeStatus("prod", NOW, List.of(ok, failing, stale), batches);
  }

  @Test
  void everyTableIsARowWithItsHealthMostSeriousFirst() {
    String html = StatusPage.render(sample());
    int first = html.indexOf("data-table=\"payments_cards\"");
    int second = html.indexOf("data-table=\"payments_customers\"");
    int third = html.indexOf("data-table=\"payments_payments\"");
    assertTrue(first > 0 && first < second && second < third, "FAILING, STALE, OK");
    assertTrue(html.contains("data-health=\"FAILING\""));
    assertTrue(html.contains("1,234,567"));
    assertTrue(html.contains("data-bars=\"12\""));
    assertEquals(12, html.split("class=\"bar\"", -1).length - 1);
  }

  @Test
  void namesAndMessagesAreEscapedAndScrubbed() {
    TableStatus odd = new TableStatus("t<script>alert(1)</script>", "s.t", Health.FAILING,
        "failed on 4111 1111 1111 1111 & more", 60, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), -1, 0, 0, List.of());
    String html = StatusPage.render(new LakeStatus("x", NOW, List.of(odd), List.of()));
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("t&lt;script&gt;"));
    assertFalse(html.contains("4111 1111 1111 1111"), "no card number in clear");
    assertTrue(html.contains("&amp; more"));
    assertFalse(html.contains("<script"), "the page carries no script at all");
  }

  @Test
  void theTextTableHasALinePerTable() {
    String text = StatusText.render(sample());
    List<String> lines = text.lines().toList();
    assertTrue(lines.get(0).contains("3 table(s), 1 FAILING, 1 STALE, 1 OK"), lines.get(0));
    assertTrue(lines.get(1).contains("last ingest batch 2026-12-02T11:59:30Z"), lines.get(1));
    assertEquals(6, lines.size(), text);
    assertTrue(lines.get(3).startsWith("payments_cards") && lines.get(3).contains("FAILING"), lines.get(3));
  }
}
