package io.cdclake.common.pci;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks anything in free text that looks like a payment card number (13 to 19 digits, optionally grouped by
 * spaces or dashes, passing the Luhn check). Used on text the pipeline cannot parse, such as quarantined
 * payloads and error messages, where column-level protection cannot apply.
 */
public final class PanScrubber {
  private static final Pattern CANDIDATE = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");

  private PanScrubber() {}

  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = CANDIDATE.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String digits = m.group().replaceAll("[ -]", "");
      if (digits.length() >= 13 && digits.length() <= 19 && luhn(digits)) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, last, m.start()).append(Protectors.mask(digits));
        last = m.end();
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }
}
