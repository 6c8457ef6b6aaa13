package io.cdclake.status;

import java.time.Duration;

/** Durations as people read them on a status page: the two largest units, {@code 3 h 12 min}, {@code 45 s}. */
final class Durations {
  private Durations() {}

  static String words(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    if (s < 86_400) {
      return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
    return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
  }
}
