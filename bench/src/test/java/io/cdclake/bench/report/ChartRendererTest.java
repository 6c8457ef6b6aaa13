package io.cdclake.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
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
    assertTrue(image.getHeight() > ChartRenderer.PANEL_HEIGHT);
    // Three blue bars (legend swatch aside) and two orange ones: count bar columns along a line just above
    // the x axis, where every bar is present.
    int y = image.getHeight() - 46 - 2;
    assertEquals(3, runs(image, y, BLUE));
    assertEquals(2, runs(image, y, ORANGE));
  }

  @Test
  void barHeightsFollowTheValues() {
    BarPanel panel = BarPanel.builder("t", "s", List.of("a", "b"))
        .series("x", List.of(10.0, 40.0)).build();
    BufferedImage image = ChartRenderer.render("h", "s", List.of(panel), 1);
    int base = image.getHeight() - 46 - 1;
    List<Integer> heights = barHeights(image, base, BLUE);
    assertEquals(2, heights.size());
    assertEquals(4.0, heights.get(1) / (double) heights.get(0), 0.1);
  }

  @Test
  void compactLabels() {
    assertEquals("1.2M", ChartRenderer.compact(1_234_567));
    assertEquals("45.7k", ChartRenderer.compact(45_678));
    assertEquals("950", ChartRenderer.compact(950));
    assertEquals("2.5", ChartRenderer.compact(2.5));
    assertEquals("0", ChartRenderer.compact(0));
    assertEquals(2.5, ChartRenderer.Axis.niceStep(2.3), 1e-9);
    assertEquals(50, ChartRenderer.Axis.niceStep(31), 1e-9);
  }

  /** Number of separate horizontal runs of {@code rgb} on row {@code y}. */
  private static int runs(BufferedImage image, int y, int rgb) {
    int runs = 0;
    boolean in = false;
    for (int x = 0; x < image.getWidth(); x++) {
      boolean match = (image.getRGB(x, y) & 0xffffff) == rgb;
      if (match && !in) {
        runs++;
      }
      in = match;
    }
    return runs;
  }

  private static List<Integer> barHeights(BufferedImage image, int base, int rgb) {
    List<Integer> heights = new java.util.ArrayList<>();
    boolean in = false;
    for (int x = 0; x < image.getWidth(); x++) {
      boolean match = (image.getRGB(x, base) & 0xffffff) == rgb;
      if (match && !in) {
        int y = base;
        while (y > 0 && (image.getRGB(x + 1, y) & 0xffffff) == rgb) {
          y--;
        }
        heights.add(base - y);
      }
      in = match;
    }
    return heights;
  }
}
