package io.cdclake.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws a results sheet as a PNG: a heading (what, where) over a grid of JFreeChart grouped bar charts, each bar
 * labelled with its value so the picture can be read without the CSV. Runs headless.
 */
public final class ChartRenderer {
  static final int PANEL_WIDTH = 620;
  static final int PANEL_HEIGHT = 380;
  static final int HEADER_HEIGHT = 64;
  static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b)};
  private static final Color GRID = new Color(0xe0e0e0);
  private static final Color TEXT = new Color(0x202020);

  private ChartRenderer() {}

  /** Renders the panels that have data, {@code columns} per row, under a heading and subheading. */
  public static BufferedImage render(String heading, String subheading, List<BarPanel> panels, int columns) {
    System.setProperty("java.awt.headless", "true");
    List<BarPanel> shown = panels.stream().filter(BarPanel::hasData).toList();
    int cols = Math.max(1, Math.min(columns, shown.size()));
    int rows = Math.max(1, (shown.size() + cols - 1) / cols);
    BufferedImage image = new BufferedImage(cols * PANEL_WIDTH, HEADER_HEIGHT + rows * PANEL_HEIGHT,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setColor(TEXT);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      g.drawString(heading, 16, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.drawString(subheading, 16, 50);
      if (shown.isEmpty()) {
        g.drawString("no figures measured", 16, HEADER_HEIGHT + 30);
      }
      for (int i = 0; i < shown.size(); i++) {
        chart(shown.get(i)).draw(g, new Rectangle2D.Double((i % cols) * PANEL_WIDTH,
            HEADER_HEIGHT + (i / cols) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
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

  /** One panel as a bar chart; a NaN value goes in as null, which JFreeChart leaves without a bar. */
  static JFreeChart chart(BarPanel panel) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, List<Double>> series : panel.series().entrySet()) {
      for (int c = 0; c < panel.categories().size(); c++) {
        Double v = series.getValue().get(c);
        data.addValue(v == null || v.isNaN() ? null : v, series.getKey(), panel.categories().get(c));
      }
    }
    ValueAxis values;
    if (panel.logScale()) {
      LogAxis log = new LogAxis(panel.unit() + " (log scale)");
      // Ticks on whole decades only (the tick unit of a log axis counts powers of ten).
      log.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      log.setNumberFormatOverride(compact());
      values = log;
    } else {
      NumberAxis linear = new NumberAxis(panel.unit());
      linear.setNumberFormatOverride(compact());
      values = linear;
    }
    // Room above the tallest bar for its label.
    values.setUpperMargin(0.12);
    CategoryAxis categories = new CategoryAxis();
    categories.setMaximumCategoryLabelLines(2);

    BarRenderer bars = new BarRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setItemMargin(0.02);
    bars.setMaximumBarWidth(0.12);
    // A log axis has no zero: the bars start at its lower edge instead of pulling the range down to zero.
    bars.setIncludeBaseInRange(!panel.logScale());
    bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", compact()));
    bars.setDefaultItemLabelsVisible(true);
    bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int s = 0; s < PALETTE.length; s++) {
      bars.setSeriesPaint(s, PALETTE[s]);
    }

    CategoryPlot plot = new CategoryPlot(data, categories, values, bars);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlineVisible(false);
    JFreeChart chart = new JFreeChart(panel.title(), new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setBorderVisible(true);
    chart.setBorderPaint(GRID);
    return chart;
  }

  /** 1234567 as "1.23M", 45678 as "45.68K", 0.25 as "0.25": short enough to sit above a bar. */
  static NumberFormat compact() {
    NumberFormat large = NumberFormat.getCompactNumberInstance(Locale.US, NumberFormat.Style.SHORT);
    large.setMaximumFractionDigits(2);
    // The JDK's compact format rounds numbers too small to abbreviate to whole ones; seconds need their decimals.
    NumberFormat small = new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.US));
    return new NumberFormat() {
      @Override
      public StringBuffer format(double v, StringBuffer to, FieldPosition at) {
        return (Math.abs(v) < 1000 ? small : large).format(v, to, at);
      }

      @Override
      public StringBuffer format(long v, StringBuffer to, FieldPosition at) {
        return format((double) v, to, at);
      }

      @Override
      public Number parse(String text, ParsePosition at) {
        return large.parse(text, at);
      }
    };
  }
}
