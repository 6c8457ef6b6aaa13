package io.cdclake.ingest.decode;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamps of a DMS envelope ({@code metadata.timestamp}, {@code commit-timestamp}) as microseconds
 * since the epoch, UTC. Only four-digit years (0001 to 9999, what Spark and Parquet can hold) are accepted, so an
 * odd value is a reason to quarantine the record rather than a write failure that stops the stream.
 */
final class DmsTimestamps {
  private static final Pattern FORMAT = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");

  private DmsTimestamps() {}

  /** Microseconds since the epoch, or null when {@code text} is not a timestamp in range. */
  static Long micros(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    try {
      int year = Integer.parseInt(m.group(1));
      if (year < 1) {
        return null;
      }
      LocalDate date = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      String fraction = m.group(7) == null ? "" : m.group(7);
      int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
      LocalTime time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)), nanos);
      ZoneOffset offset = offset(m.group(8));
      // Not ChronoUnit.MICROS.between: it counts in nanoseconds and overflows before 1677 and after 2262.
      java.time.Instant instant = date.atTime(time).toInstant(offset);
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  private static ZoneOffset offset(String text) {
    if (text == null || text.equals("Z")) {
      return ZoneOffset.UTC;
    }
    String digits = text.replace(":", "");
    int hours = Integer.parseInt(digits.substring(1, 3));
    int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
    int sign = digits.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }
}
