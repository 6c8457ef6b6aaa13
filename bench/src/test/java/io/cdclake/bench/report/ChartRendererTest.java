package io.cdclake.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartRendererTest {
  @TempDir
  Path dir;

  private static final int BLUE = 0x1f77b4;
  private static final int ORANGE = 0xff7f0e;

  @Test
  void writesAPngWithOneBarPerMeasuredValueAndSkipsEmptyPanels() throws Exception {
    BarPanel merge = BarPanel.builder("Merge time", "seconds", List.of("100k", "1M", "5M"))
        .series("copy-on-write", List.of(2.0, 9.0, 40.0))
        .series("deletion vectors", List.of(1.5, 3.0, Double.NaN))
        .build();
    BarPanel empty = BarPanel.builder("Not run", "ms", List.of("a"))
        .series("p50", List.of(Double.NaN)).build();
    Path png = dir.resolve("chart.png");
    ChartRenderer.write(png, "cdclake benchmarks", "2 cores", List.of(merge, empty), 2);

    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(ChartRenderer.PANEL_WIDTH, image.getWidth(), "the empty panel takes no space");
    assertEquals(ChartRenderer.HEADER_HEIGHT + ChartRenderer.PANEL_HEIGHT, image.getHeight());
    assertTrue(darkPixels(image, 0, ChartRenderer.HEADER_HEIGHT) > 100, "the heading is drawn");
    // Three blue bars and two orange ones (the NaN draws none): just above the x axis every bar crosses the
    // same row, the legend swatches lie below it.
    assertEquals(3, maxRuns(image, BLUE));
    assertEquals(2, maxRuns(image, ORANGE));
  }

  @Test
  void barHeightsFollowTheValues() {
    BarPanel panel = BarPanel.builder("t", "s", List.of("a", "b"))
        .series("x", List.of(10.0, 40.0)).build();
    List<Integer> heights = barHeights(ChartRenderer.render("h", "s", List.of(panel), 1), BLUE);
    assertEquals(2, heights.size());
    assertEquals(4.0, heights.get(1) / (double) heights.get(0), 0.1);
  }

  @Test
  void aLogScaleGivesEachDecadeTheSameHeight() {
    BarPanel panel = BarPanel.builder("bytes", "bytes", List.of("a", "b", "c"))
        .series("x", List.of(10.0, 100.0, 1000.0)).logScale().build();
    List<Integer> h = barHeights(ChartRenderer.render("h", "s", List.of(panel), 1), BLUE);
    assertEquals(3, h.size());
    assertTrue(h.get(0) > 0);
    assertEquals(h.get(1) - h.get(0), h.get(2) - h.get(1), 2);
  }

  @Test
  void withNothingMeasuredTheSheetSaysSo() {
    BarPanel empty = BarPanel.builder("Not run", "ms", List.of("a")).series("p50", List.of(Double.NaN)).build();
    BufferedImage image = ChartRenderer.render("h", "s", List.of(empty), 2);
    assertEquals(ChartRenderer.PANEL_WIDTH, image.getWidth());
    assertTrue(darkPixels(image, ChartRenderer.HEADER_HEIGHT, image.getHeight()) > 50, "the message is drawn");
    assertEquals(0, maxRuns(image, BLUE), "no chart");
  }

  @Test
  void everyBarIsLabelledWithItsValueCompactly() {
    BarPanel panel = BarPanel.builder("t", "records/s", List.of("a", "b", "c"))
        .series("x", List.of(1_234_567.0, 45_678.0, 0.25)).build();
    CategoryPlot plot = ChartRenderer.chart(panel).getCategoryPlot();
    CategoryItemRenderer bars = plot.getRenderer();
    List<String> labels = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      assertTrue(bars.isItemLabelVisible(0, c));
      labels.add(bars.getItemLabelGenerator(0, c).generateLabel(plot.getDataset(), 0, c));
    }
    assertEquals(List.of("1.23M", "45.68K", "0.25"), labels);
  }

  /** The most separate horizontal runs of {@code rgb} on any one row. */
  private static int maxRuns(BufferedImage image, int rgb) {
    int most = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      most = Math.max(most, runStarts(image, y, rgb).size());
    }
    return most;
  }

  private static List<Integer> runStarts(BufferedImage image, int y, int rgb) {
    List<Integer> starts = new ArrayList<>();
    boolean in = false;
    for (int x = 0; x < image.getWidth(); x++) {
      boolean match = (image.getRGB(x, y) & 0xffffff) == rgb;
      if (match && !in) {
        starts.add(x);
      }
      in = match;
    }
    return starts;
  }

  /** Heights of the bars crossing the lowest row on which the most of them do (the row above the x axis). */
  private static List<Integer> barHeights(BufferedImage image, int rgb) {
    int most = maxRuns(image, rgb);
    int base = image.getHeight() - 1;
    while (runStarts(image, base, rgb).size() < most) {
      base--;
    }
    List<Integer> heights = new ArrayList<>();
    for (int x : runStarts(image, base, rgb)) {
      int y = base;
      while (y > 0 && (image.getRGB(x + 1, y - 1) & 0xffffff) == rgb) {
        y--;
      }
      heights.add(base - y + 1);
    }
    return heights;
  }

  private static int darkPixels(BufferedImage image, int fromY, int toY) {
    int dark = 0;
    for (int y = fromY; y < toY; y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200) {
          dark++;
        }
      }
    }
    return dark;
  }
}
