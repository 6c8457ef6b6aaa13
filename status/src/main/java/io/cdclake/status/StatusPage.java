package io.cdclake.status;

import io.cdclake.common.pci.PanScrubber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status as one self-contained HTML page: no script, no style sheet or font fetched from anywhere, so it
 * opens from S3, a mail attachment or a laptop without network, and shows the same everywhere. Charts are inline
 * SVG drawn here: records per ingest batch for the stream, and each table's freshness after its recent runs
 * beside its objective.
 */
public final class StatusPage {
  static final int BATCH_CHART_WIDTH = 720;
  static final int BATCH_CHART_HEIGHT = 140;
  static final int SPARK_WIDTH = 180;
  static final int SPARK_HEIGHT = 36;
  private static final String BAR = "#1f77b4";

  private StatusPage() {}

  public static String render(LakeStatus status) {
    Instant now = status.generatedAt();
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>cdclake status: ").append(esc(status.environment())).append("</title>")
        .append("<style>")
        .append("body{font-family:sans-serif;margin:24px;color:#202020}")
        .append("table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;")
        .append("text-align:left;vertical-align:middle;font-size:14px}")
        .append(".badge{color:#fff;padding:2px 8px;border-radius:4px;font-weight:bold;font-size:12px}")
        .append(".num{text-align:right;white-space:nowrap}.why{color:#555;max-width:420px}.time{white-space:nowrap}")
        .append("</style></head><body>\n");
    h.append("<h1>cdclake status: ").append(esc(status.environment())).append("</h1>\n");
    h.append("<p id=\"generated\">Read from the lake at ").append(StatusText.time(now)).append(". ")
        .append(status.tables().size()).append(" table(s):");
    for (Map.Entry<Health, Long> e : status.countsByHealth().entrySet()) {
      h.append(' ').append(badge(e.getKey(), e.getValue() + " " + e.getKey().name()));
    }
    h.append("</p>\n<h2>Stream</h2>\n<p id=\"stream\">").append(status.lastIngestBatch()
        .map(b -> "Last ingest batch " + StatusText.time(b.committed()) + " (" + Durations.words(
            Duration.between(b.committed(), now)) + " ago), " + b.rowsWritten() + " rows.")
        .orElse("No ingest batch in the raw zone.")).append("</p>\n");
    h.append(batchChart(status.ingestBatches())).append('\n');
    h.append("<h2>Tables</h2>\n<table id=\"tables\"><thead><tr><th>table</th><th>health</th><th>freshness</th>")
        .append("<th>freshness after recent runs</th><th>last ingest</th><th>last curate run</th>")
        .append("<th>rows</th><th>quarantined</th><th>why</th></tr></thead><tbody>\n");
    for (TableStatus t : status.tables()) {
      h.append("<tr data-table=\"").append(esc(t.curatedTable())).append("\" data-health=\"")
          .append(t.health().name()).append("\">")
          .append("<td>").append(esc(t.curatedTable())).append("<br><small>").append(esc(t.sourceId()))
          .append("</small></td>")
          .append("<td>").append(badge(t.health(), t.health().name())).append("</td>")
          .append("<td class=\"num\">").append(t.freshnessSeconds(now)
              .map(s -> Durations.words(Duration.ofSeconds(s))).orElse("-")).append("</td>")
          .append("<td>").append(sparkline(t)).append("</td>")
          .append("<td class=\"time\">").append(StatusText.time(t.newestArrival())).append("</td>")
          .append("<td class=\"time\">").append(t.lastRun().map(r -> StatusText.time(r.started()) + " "
              + r.status() + " (" + r.rawChanges() + " changes)").map(StatusPage::esc).orElse("-")).append("</td>")
          .append("<td class=\"num\">").append(t.rows() < 0 ? "-" : String.format(Locale.ROOT, "%,d", t.rows()))
          .append("</td>")
          .append("<td class=\"num\">").append(t.ingestQuarantined() + t.curateQuarantined()).append("</td>")
          .append("<td class=\"why\">").append(esc(t.reason())).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n</body></html>\n");
    return h.toString();
  }

  /** Bars of rows written per ingest commit, oldest left; the tallest bar is labelled with its value. */
  static String batchChart(List<IngestBatch> batches) {
    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"records-per-batch\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(BATCH_CHART_WIDTH)
        .append("\" height=\"").append(BATCH_CHART_HEIGHT).append("\" data-bars=\"").append(batches.size())
        .append("\" role=\"img\"><title>rows written per ingest batch</title>")
        .append("<rect x=\"0\" y=\"0\" width=\"").append(BATCH_CHART_WIDTH).append("\" height=\"")
        .append(BATCH_CHART_HEIGHT).append("\" fill=\"#fafafa\" stroke=\"#ddd\"/>");
    if (batches.isEmpty()) {
      s.append("<text x=\"12\" y=\"24\" font-size=\"13\">no ingest batch</text></svg>");
      return s.toString();
    }
    long top = Math.max(1, batches.stream().mapToLong(IngestBatch::rowsWritten).max().orElse(1));
    int plotTop = 22;
    int plotHeight = BATCH_CHART_HEIGHT - plotTop - 18;
    double slot = (BATCH_CHART_WIDTH - 20) / (double) batches.size();
    for (int i = 0; i < batches.size(); i++) {
      IngestBatch b = batches.get(i);
      double barHeight = Math.max(1, plotHeight * (double) b.rowsWritten() / top);
      s.append(String.format(Locale.ROOT,
          "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
              + "<title>version %d, %s: %d rows</title></rect>",
          10 + i * slot + slot * 0.1, plotTop + plotHeight - barHeight, Math.max(1, slot * 0.8), barHeight, BAR,
          b.version(), StatusText.time(b.committed()), b.rowsWritten()));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"15\" font-size=\"12\">max %d rows per batch</text>", top))
        .append("<text x=\"10\" y=\"").append(BATCH_CHART_HEIGHT - 4).append("\" font-size=\"11\">")
        .append(StatusText.time(batches.get(0).committed())).append("</text>")
        .append("<text x=\"").append(BATCH_CHART_WIDTH - 10).append("\" y=\"").append(BATCH_CHART_HEIGHT - 4)
        .append("\" font-size=\"11\" text-anchor=\"end\">")
        .append(StatusText.time(batches.get(batches.size() - 1).committed())).append("</text></svg>");
    return s.toString();
  }

  /** Freshness after each recent run as a line, with the objective dashed: above the dash is late. */
  static String sparkline(TableStatus t) {
    List<TableStatus.FreshnessPoint> points = t.freshnessHistory();
    double objective = t.freshnessObjectiveMinutes() * 60.0;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"freshness\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(SPARK_WIDTH)
        .append("\" height=\"").append(SPARK_HEIGHT).append("\" data-points=\"").append(points.size())
        .append("\" role=\"img\"><title>freshness after recent runs; dashed: the ")
        .append(t.freshnessObjectiveMinutes()).append(" min objective</title>");
    if (points.isEmpty()) {
      return s.append("<text x=\"2\" y=\"22\" font-size=\"11\" fill=\"#777\">no run applied changes</text></svg>")
          .toString();
    }
    double top = Math.max(objective, points.stream().mapToDouble(TableStatus.FreshnessPoint::seconds).max()
        .orElse(objective)) * 1.1;
    double y0 = SPARK_HEIGHT - 2;
    double scale = (SPARK_HEIGHT - 4) / top;
    s.append(String.format(Locale.ROOT, "<line x1=\"0\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c62828\" "
        + "stroke-dasharray=\"3,3\"/>", SPARK_WIDTH, y0 - objective * scale, y0 - objective * scale));
    StringBuilder coords = new StringBuilder();
    double step = points.size() == 1 ? 0 : (SPARK_WIDTH - 4) / (double) (points.size() - 1);
    for (int i = 0; i < points.size(); i++) {
      coords.append(String.format(Locale.ROOT, "%.1f,%.1f ", 2 + i * step, y0 - points.get(i).seconds() * scale));
    }
    s.append("<polyline fill=\"none\" stroke=\"").append(BAR).append("\" stroke-width=\"2\" points=\"")
        .append(coords.toString().trim()).append("\"/>");
    if (points.size() == 1) {
      s.append(String.format(Locale.ROOT, "<circle cx=\"2\" cy=\"%.1f\" r=\"2\" fill=\"%s\"/>",
          y0 - points.get(0).seconds() * scale, BAR));
    }
    return s.append("</svg>").toString();
  }

  private static String badge(Health health, String text) {
    return "<span class=\"badge\" style=\"background:" + health.colour() + "\">" + esc(text) + "</span>";
  }

  /** HTML-escaped and card-number-scrubbed: names and messages come from sources nobody here controls. */
  static String esc(String text) {
    String t = PanScrubber.scrub(text == null ? "" : text);
    StringBuilder sb = new StringBuilder(t.length());
    for (char c : t.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
