package io.cdclake.status;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, driven from the command line: the DOM it built from a page, and a screenshot of it. No driver
 * library: these two are what the test needs. Flags keep it off the network (the machine has none) and out of the
 * user's profile.
 */
final class HeadlessChromium {
  private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
      "/usr/bin/google-chrome");
  private final Path binary;
  private final Path work;

  private HeadlessChromium(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /** The browser named by {@code -Dchromium.path}, or the first of the usual places that exists. */
  static Optional<HeadlessChromium> find(Path work) {
    String configured = System.getProperty("chromium.path", System.getenv().getOrDefault("CHROMIUM_PATH", ""));
    List<String> candidates = configured.isEmpty() ? CANDIDATES : List.of(configured);
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst()
        .map(p -> new HeadlessChromium(p, work));
  }

  String dumpDom(Path page) throws IOException, InterruptedException {
    Path out = work.resolve("dom.html");
    run(List.of("--dump-dom", page.toUri().toString()), out);
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  Path screenshot(Path page, int width, int height) throws IOException, InterruptedException {
    Path png = work.resolve("page.png");
    run(List.of("--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars",
        page.toUri().toString()), work.resolve("screenshot.log"));
    if (!Files.exists(png)) {
      throw new IllegalStateException("Chromium wrote no screenshot: " + Files.readString(
          work.resolve("screenshot.log")));
    }
    return png;
  }

  private void run(List<String> args, Path stdout) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(work, "profile")));
    cmd.addAll(args);
    File log = work.resolve("chromium-stderr.log").toFile();
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(log).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("Chromium did not finish in 90 s: " + Files.readString(log.toPath()));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("Chromium exited " + p.exitValue() + ": " + Files.readString(log.toPath()));
    }
  }
}
