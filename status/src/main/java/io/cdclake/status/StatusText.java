package io.cdclake.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The status as a plain-text table, for a terminal, an EMR step's log or an Airflow task log. */
public final class StatusText {
  private static final String[] HEADER = {"table", "health", "freshness", "last ingest", "last curate run", "rows",
      "quarantined", "why"};

  private StatusText() {}

  public static String render(LakeStatus status) {
    Instant now = status.generatedAt();
    StringBuilder sb = new StringBuilder();
    sb.append("status of '").append(status.environment()).append("' at ").append(time(now)).append(": ")
        .append(status.tables().size()).append(" table(s)");
    for (Map.Entry<Health, Long> e : status.countsByHealth().entrySet()) {
      sb.append(", ").append(e.getValue()).append(' ').append(e.getKey());
    }
    sb.append(System.lineSeparator()).append("stream: ").append(status.lastIngestBatch()
        .map(b -> "last ingest batch " + time(b.committed()) + " (" + Durations.words(Duration.between(b.committed(),
            now)) + " ago, " + b.rowsWritten() + " rows)")
        .orElse("no ingest batch in the raw zone")).append(System.lineSeparator());
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (TableStatus t : status.tables()) {
      rows.add(new String[] {
          t.curatedTable(),
          t.health().name(),
          t.freshnessSeconds(now).map(s -> Durations.words(Duration.ofSeconds(s))).orElse("-"),
          t.newestArrival().map(StatusText::time).orElse("-"),
          t.lastRun().map(r -> time(r.started()) + " " + r.status() + " (" + r.rawChanges() + " changes)")
              .orElse("-"),
          t.rows() < 0 ? "-" : Long.toString(t.rows()),
          Long.toString(t.ingestQuarantined() + t.curateQuarantined()),
          t.reason()});
    }
    int[] widths = new int[HEADER.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
      }
      sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return sb.toString();
  }

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String time(Optional<Instant> t) {
    return t.map(StatusText::time).orElse("-");
  }
}
