package io.cdclake.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws a results sheet as a PNG with plain Java2D: a heading (what, where) over a grid of grouped bar charts,
 * each bar labelled with its value so the picture can be read without the CSV. Runs headless.
 */
public final class ChartRenderer {
  static final int PANEL_WIDTH = 620;
  static final int PANEL_HEIGHT = 380;
  private static final int HEADER_HEIGHT = 64;
  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b)};
  private static final Color GRID = new Color(0xe0e0e0);
  private static final Color TEXT = new Color(0x202020);

  private ChartRenderer() {}

  /** Renders the panels that have data, {@code columns} per row, under a heading and subheading. */
  public static BufferedImage render(String heading, String subheading, List<BarPanel> panels, int columns) {
    System.setProperty("java.awt.headless", "true");
    List<BarPanel> shown = panels.stream().filter(BarPanel::hasData).toList();
    int cols = Math.max(1, Math.min(columns, Math.max(1, shown.size())));
    int rows = Math.max(1, (shown.size() + cols - 1) / cols);
    int width = cols * PANEL_WIDTH;
    int height = HEADER_HEIGHT + rows * PANEL_HEIGHT;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(TEXT);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      g.drawString(heading, 16, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.drawString(subheading, 16, 50);
      if (shown.isEmpty()) {
        g.drawString("no figures measured", 16, HEADER_HEIGHT + 30);
      }
      for (int i = 0; i < shown.size(); i++) {
        int x = (i % cols) * PANEL_WIDTH;
        int y = HEADER_HEIGHT + (i / cols) * PANEL_HEIGHT;
        drawPanel((Graphics2D) g.create(x, y, PANEL_WIDTH, PANEL_HEIGHT), shown.get(i));
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  public static void write(Path png, String heading, String subheading, List<BarPanel> panels, int columns)
      throws IOException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    if (!ImageIO.write(render(heading, subheading, panels, columns), "png", png.toFile())) {
      throw new IOException("no PNG writer available in this JVM");
    }
  }

  private static void drawPanel(Graphics2D g, BarPanel panel) {
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      int left = 70;
      int right = PANEL_WIDTH - 16;
      int top = 58;
      int bottom = PANEL_HEIGHT - 46;
      g.setColor(TEXT);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(panel.title(), 12, 22);

      Axis axis = Axis.of(panel);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      FontMetrics fm = g.getFontMetrics();
      for (double tick : axis.ticks()) {
        int y = axis.toPixel(tick, top, bottom);
        g.setColor(GRID);
        g.drawLine(left, y, right, y);
        g.setColor(TEXT);
        String label = compact(tick);
        g.drawString(label, left - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
      }
      g.setColor(TEXT);
      g.drawLine(left, top, left, bottom);
      g.drawLine(left, bottom, right, bottom);
      g.drawString(panel.unit() + (panel.logScale() ? " (log scale)" : ""), 12, 42);

      drawLegend(g, panel, right);

      int groups = panel.categories().size();
      int seriesCount = panel.series().size();
      double groupWidth = (right - left) / (double) groups;
      double barWidth = Math.min(46, groupWidth * 0.8 / Math.max(1, seriesCount));
      Font valueFont = new Font(Font.SANS_SERIF, Font.PLAIN, barWidth < 26 ? 9 : 10);
      int s = 0;
      for (Map.Entry<String, List<Double>> series : panel.series().entrySet()) {
        Color color = PALETTE[s % PALETTE.length];
        for (int c = 0; c < groups; c++) {
          Double v = series.getValue().get(c);
          if (v == null || v.isNaN()) {
            continue;
          }
          double groupStart = left + c * groupWidth + (groupWidth - barWidth * seriesCount) / 2;
          int x = (int) Math.round(groupStart + s * barWidth);
          int y = axis.toPixel(v, top, bottom);
          int w = Math.max(1, (int) Math.round(barWidth) - 2);
          g.setColor(color);
          g.fillRect(x, y, w, Math.max(1, bottom - y));
          g.setColor(TEXT);
          g.setFont(valueFont);
          String label = compact(v);
          FontMetrics vm = g.getFontMetrics();
          g.drawString(label, x + (w - vm.stringWidth(label)) / 2, Math.max(top + 10, y - 3));
        }
        s++;
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics cm = g.getFontMetrics();
      for (int c = 0; c < groups; c++) {
        int center = (int) Math.round(left + (c + 0.5) * groupWidth);
        List<String> lines = wrap(panel.categories().get(c), cm, (int) groupWidth - 4);
        for (int l = 0; l < lines.size() && l < 2; l++) {
          String text = lines.get(l);
          g.drawString(text, center - cm.stringWidth(text) / 2, bottom + 16 + l * 14);
        }
      }
      g.setColor(GRID);
      g.setStroke(new BasicStroke(1));
      g.drawRect(0, 0, PANEL_WIDTH - 1, PANEL_HEIGHT - 1);
    } finally {
      g.dispose();
    }
  }

  private static void drawLegend(Graphics2D g, BarPanel panel, int right) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int x = right;
    int i = panel.series().size() - 1;
    List<String> names = new ArrayList<>(panel.series().keySet());
    for (; i >= 0; i--) {
      String name = names.get(i);
      x -= fm.stringWidth(name) + 24;
      g.setColor(PALETTE[i % PALETTE.length]);
      g.fillRect(x, 32, 12, 12);
      g.setColor(TEXT);
      g.drawString(name, x + 16, 43);
    }
  }

  private static List<String> wrap(String text, FontMetrics fm, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (fm.stringWidth(candidate) > width && !line.isEmpty()) {
        lines.add(line.toString());
        line = new StringBuilder(word);
      } else {
        line = new StringBuilder(candidate);
      }
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** 1234 as "1.2k", 5600000 as "5.6M", 0.25 as "0.25". */
  static String compact(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return trim(v / 1e9) + "G";
    }
    if (a >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e4) {
      return trim(v / 1e3) + "k";
    }
    if (a >= 100 || a == 0) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 1) {
      return trim(v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /** The y axis: linear from zero with round steps, or logarithmic over whole decades. */
  record Axis(boolean log, double min, double max, List<Double> ticks) {
    static Axis of(BarPanel panel) {
      double hi = 0;
      double lo = Double.MAX_VALUE;
      for (List<Double> values : panel.series().values()) {
        for (Double v : values) {
          if (v != null && !v.isNaN()) {
            hi = Math.max(hi, v);
            if (v > 0) {
              lo = Math.min(lo, v);
            }
          }
        }
      }
      if (panel.logScale() && lo != Double.MAX_VALUE) {
        double minDecade = Math.floor(Math.log10(lo));
        double maxDecade = Math.max(minDecade + 1, Math.ceil(Math.log10(hi * 1.15)));
        List<Double> ticks = new ArrayList<>();
        for (double d = minDecade; d <= maxDecade; d++) {
          ticks.add(Math.pow(10, d));
        }
        return new Axis(true, Math.pow(10, minDecade), Math.pow(10, maxDecade), ticks);
      }
      if (hi <= 0) {
        hi = 1;
      }
      double step = niceStep(hi * 1.12 / 5);
      double top = Math.ceil(hi * 1.12 / step) * step;
      List<Double> ticks = new ArrayList<>();
      for (double t = 0; t <= top + step / 2; t += step) {
        ticks.add(t);
      }
      return new Axis(false, 0, top, ticks);
    }

    int toPixel(double value, int top, int bottom) {
      double f;
      if (log) {
        double v = Math.max(value, min);
        f = (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
      } else {
        f = value / max;
      }
      return (int) Math.round(bottom - Math.max(0, Math.min(1, f)) * (bottom - top));
    }

    static double niceStep(double raw) {
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double residual = raw / magnitude;
      double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
      return nice * magnitude;
    }
  }
}
