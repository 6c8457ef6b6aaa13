package io.cdclake.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the status page in a real headless browser: the DOM Chromium builds from it, and what it paints. Skipped,
 * loudly, where no Chromium is installed ({@code bin/setup} installs Debian's where it can).
 */
class StatusPageBrowserTest {
  @TempDir
  Path dir;

  @Test
  void theBrowserShowsEveryTableItsHealthAndBothCharts() throws Exception {
    Optional<HeadlessChromium> found = HeadlessChromium.find(dir);
    if (found.isEmpty()) {
      System.err.println("SKIPPED StatusPageBrowserTest: no Chromium (apt-get install chromium, or "
          + "-Dchromium.path=...)");
    }
    Assumptions.assumeTrue(found.isPresent(), "no Chromium installed");
    HeadlessChromium chromium = found.get();
    LakeStatus status = StatusPageTest.sample();
    Path page = dir.resolve("status.html");
    Files.writeString(page, StatusPage.render(status));

    String dom = chromium.dumpDom(page);
    // The browser's own parse: one row per table inside the table body, in the order of seriousness.
    Matcher rows = Pattern.compile("<tr data-table=\"([^\"]+)\" data-health=\"([A-Z_]+)\"").matcher(
        dom.substring(dom.indexOf("<tbody>"), dom.indexOf("</tbody>")));
    StringBuilder seen = new StringBuilder();
    while (rows.find()) {
      seen.append(rows.group(1)).append('=').append(rows.group(2)).append(' ');
    }
    assertEquals("payments_cards=FAILING payments_customers=STALE payments_payments=OK ", seen.toString());
    assertTrue(dom.contains("<title>cdclake status: prod</title>"), dom);
    assertEquals(12, count(dom, "<rect class=\"bar\""), "a bar per ingest batch");
    assertEquals(2, count(dom, "<polyline"), "a freshness line for each table with runs that applied changes");

    BufferedImage shot = ImageIO.read(chromium.screenshot(page, 1400, 900).toFile());
    assertTrue(pixels(shot, Health.FAILING.colour()) > 50, "the FAILING badge is painted red");
    assertTrue(pixels(shot, Health.OK.colour()) > 50, "the OK badge is painted green");
    assertTrue(pixels(shot, "#1f77b4") > 2000, "the batch bars and freshness lines are painted");
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }

  /** Pixels within a small distance of the colour (anti-aliasing blurs edges, never the middle). */
  private static int pixels(BufferedImage image, String hex) {
    Color want = Color.decode(hex);
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        if (Math.abs(c.getRed() - want.getRed()) + Math.abs(c.getGreen() - want.getGreen())
            + Math.abs(c.getBlue() - want.getBlue()) < 24) {
          n++;
        }
      }
    }
    return n;
  }
}
