package io.cdclake.common.pci;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent check for the PAN sweep: decodes JSON digit and separator escapes, maps Unicode digits to ASCII,
 * marks the separators between digit groups, and returns every window of whole groups of 13-19 digits that passes
 * Luhn and does not start with 0 (no card number does). Written differently from {@link PanScrubber} on purpose (normalise first, then search).
 *
 * <p>Digits inside a hexadecimal token (a hex letter right before and right after them, as in a UUID such as
 * Delta's transaction ids, {@code ab75-c514-4652-9127-35b0}, or a hash) are not searched: with dashes as separators
 * one UUID in a few thousand holds a Luhn-valid "number" by chance. A card number glued to hex letters on both
 * sides is the blind spot this leaves.
 */
public final class LuhnSweep {
  private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");
  private static final Pattern BETWEEN_DIGITS = Pattern.compile("(?<=\\d)(?:[ \\t\\-./\\u00a0\\u2007\\u202f\\u3000\\uff0d]|\\\\t|\\\\/){1,3}(?=\\d)");
  private static final Pattern RUN = Pattern.compile("\\d+(?:\\|\\d+)*");

  private LuhnSweep() {}

  public static List<String> panWindows(String text) {
    Matcher e = ESCAPE.matcher(text);
    StringBuilder decoded = new StringBuilder();
    while (e.find()) {
      e.appendReplacement(decoded, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(e.group(1), 16))));
    }
    e.appendTail(decoded);
    StringBuilder ascii = new StringBuilder();
    decoded.codePoints().forEach(cp -> {
      int d = Character.digit(cp, 10);
      if (d >= 0) {
        ascii.append((char) ('0' + d));
      } else {
        ascii.appendCodePoint(cp);
      }
    });
    // Group boundaries are marked with '|' and runs of groups searched window by window, whole groups only.
    String joined = BETWEEN_DIGITS.matcher(ascii).replaceAll("|");
    List<String> out = new ArrayList<>();
    Matcher run = RUN.matcher(joined);
    while (run.find()) {
      if (run.start() > 0 && run.end() < joined.length() && hexLetter(joined.charAt(run.start() - 1))
          && hexLetter(joined.charAt(run.end()))) {
        continue;
      }
      String[] groups = run.group().split("\\|");
      for (int first = 0; first < groups.length; first++) {
        StringBuilder w = new StringBuilder();
        for (int last = first; last < groups.length && w.length() + groups[last].length() <= 19; last++) {
          w.append(groups[last]);
          if (w.length() >= 13 && w.charAt(0) != '0' && PanScrubber.luhn(w.toString())) {
            out.add(w.toString());
          }
        }
      }
    }
    return out;
  }

  private static boolean hexLetter(char c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
