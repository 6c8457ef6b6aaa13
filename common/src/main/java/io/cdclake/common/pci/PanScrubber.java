package io.cdclake.common.pci;

import java.util.ArrayList;
import java.util.List;

/**
 * Masks anything in free text that could be a payment card number: 13 to 19 digits passing the Luhn check, written
 * whole or in groups. Used on text the pipeline cannot parse or does not declare (quarantined payloads, undeclared
 * columns, envelope fields, error messages), where column-level protection cannot apply.
 *
 * <p>A digit run is what a person or a program may write a card number as: ASCII digits, other Unicode decimal
 * digits (full-width {@code ４}), and JSON escapes of them ({@code \u0034}), so a quarantined payload is scrubbed
 * as it reads once decoded; in groups separated by up to three of space, tab, dash, dot, slash, no-break spaces
 * (or their JSON escapes). Every window of whole groups is tried, not only whole runs: {@code order 2024 4111 1111
 * 1111 1111} holds a card number after a digit group. A window never starts with 0 (no card issuer's industry
 * identifier is 0, ISO/IEC 7812) and never cuts a group: a number written without separators is a number. The
 * price is masking some identifiers of 13 to 19 digits that happen to pass Luhn (one in ten); declare such a
 * column in the contract to keep it exact.
 */
public final class PanScrubber {
  static final int MIN = 13;
  static final int MAX = 19;
  /** Separators allowed between two digits of a run, and how many in a row. */
  private static final String SEPARATORS = " \t-./\u00a0\u2007\u202f\u3000\uff0d";
  private static final int MAX_SEPARATORS = 3;

  private PanScrubber() {}

  public static String scrub(String text) {
    return scrub(text, '*');
  }

  /**
   * A name (a column, a JSON key) with every card number in it masked by {@code x}, so it stays an identifier a
   * table can hold: {@code note_5500005555555559} becomes {@code note_xxxxxxxxxxxx5559}.
   */
  public static String scrubName(String name) {
    return scrub(name, 'x');
  }

  private static String scrub(String text, char maskChar) {
    if (text == null || !mayHoldPan(text)) {
      return text;
    }
    // Masking keeps a few digits, which can join the digits after a window into a new one: repeat until stable.
    String out = text;
    for (int i = 0; i < 4; i++) {
      String next = scrubOnce(out, maskChar);
      if (next.equals(out)) {
        return out;
      }
      out = next;
    }
    return out;
  }

  /**
   * Fast path for the common case: false when no run of {@link #MIN} digits (digits joined by at most
   * {@link #MAX_SEPARATORS} separators, as {@link Run} reads them) can be in the text. Exact for ASCII text without
   * escapes; anything else takes the full scan. Counting all the digits of a value instead sent every timestamp
   * (20 digits, broken by ':') to the full scan, a sixth of the decode time of a typical DMS record.
   */
  private static boolean mayHoldPan(String text) {
    int run = 0;
    int gap = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c > 0x7f) {
        return true;
      }
      if (c >= '0' && c <= '9') {
        run = run > 0 && gap <= MAX_SEPARATORS ? run + 1 : 1;
        if (run >= MIN) {
          return true;
        }
        gap = 0;
      } else if (SEPARATORS.indexOf(c) >= 0) {
        gap++;
      } else {
        run = 0;
      }
    }
    return false;
  }

  private static String scrubOnce(String text, char maskChar) {
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < text.length()) {
      Run run = Run.at(text, i);
      if (run == null) {
        i++;
        continue;
      }
      for (int[] w : run.panWindows()) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        int from = run.starts.get(w[0]);
        int to = run.ends.get(w[1] - 1);
        out.append(text, copied, from)
            .append(Protectors.mask(run.digits.substring(w[0], w[1])).replace('*', maskChar));
        copied = to;
      }
      i = run.end;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** The digits of one run with where each one is in the text, and where its groups start. */
  private static final class Run {
    final StringBuilder digits = new StringBuilder();
    final List<Integer> starts = new ArrayList<>();
    final List<Integer> ends = new ArrayList<>();
    /** Index in {@link #digits} where each group (digits written without a separator between them) starts. */
    final List<Integer> groups = new ArrayList<>();
    int end;

    /** The run starting at {@code i} if a digit starts there, else null. */
    static Run at(String text, int i) {
      int len = digitLength(text, i);
      if (len == 0) {
        return null;
      }
      Run r = new Run();
      r.groups.add(0);
      int pos = i;
      while (true) {
        r.digits.append(digitValue(text, pos, len));
        r.starts.add(pos);
        r.ends.add(pos + len);
        pos += len;
        r.end = pos;
        int gap = pos;
        int separators = 0;
        int sep;
        while (separators < MAX_SEPARATORS && (sep = separatorLength(text, gap)) > 0) {
          gap += sep;
          separators++;
        }
        len = digitLength(text, gap);
        if (len == 0) {
          return r;
        }
        if (separators > 0) {
          r.groups.add(r.digits.length());
        }
        pos = gap;
      }
    }

    /**
     * Non-overlapping [from, to) digit windows that pass Luhn and start and end on group boundaries: whole groups
     * and runs of whole groups of 13 to 19 digits, leftmost first, longest first at each start. Windows inside a
     * group are not tried: a number written without separators is a number ({@code 12345678901234567890.5} stays
     * digit for digit), while card numbers are written whole or in groups.
     */
    List<int[]> panWindows() {
      List<int[]> out = new ArrayList<>();
      int n = digits.length();
      int g = 0;
      while (g < groups.size()) {
        int from = groups.get(g);
        int found = -1;
        // No card number starts with 0 (ISO/IEC 7812: 0 is no card issuer's industry).
        for (int last = g; digits.charAt(from) != '0' && last < groups.size(); last++) {
          int to = last + 1 < groups.size() ? groups.get(last + 1) : n;
          if (to - from > MAX) {
            break;
          }
          if (to - from >= MIN && luhn(digits, from, to)) {
            found = last;
          }
        }
        if (found >= 0) {
          int to = found + 1 < groups.size() ? groups.get(found + 1) : n;
          out.add(new int[] {from, to});
          g = found + 1;
        } else {
          g++;
        }
      }
      return out;
    }
  }

  /** Characters the digit at {@code i} takes: 1 (or 2 for a supplementary code point), 6 for a JSON escape, 0 if none. */
  static int digitLength(String text, int i) {
    if (i >= text.length()) {
      return 0;
    }
    char c = text.charAt(i);
    if (c >= '0' && c <= '9') {
      return 1;
    }
    if (c == '\\') {
      int cp = escapedChar(text, i);
      return cp >= 0 && Character.digit(cp, 10) >= 0 ? 6 : 0;
    }
    int cp = text.codePointAt(i);
    return cp > 0x7f && Character.digit(cp, 10) >= 0 ? Character.charCount(cp) : 0;
  }

  private static char digitValue(String text, int i, int len) {
    int cp = len == 6 ? escapedChar(text, i) : text.codePointAt(i);
    return (char) ('0' + Character.digit(cp, 10));
  }

  private static int separatorLength(String text, int i) {
    if (i >= text.length()) {
      return 0;
    }
    char c = text.charAt(i);
    if (SEPARATORS.indexOf(c) >= 0) {
      return 1;
    }
    if (c == '\\' && i + 1 < text.length()) {
      char e = text.charAt(i + 1);
      if (e == 't' || e == '/') {
        return 2;
      }
      int cp = escapedChar(text, i);
      return cp >= 0 && SEPARATORS.indexOf(cp) >= 0 ? 6 : 0;
    }
    return 0;
  }

  /** The character of a JSON {@code \\uXXXX} escape at {@code i}, or -1. */
  private static int escapedChar(String text, int i) {
    if (i + 6 > text.length() || text.charAt(i) != '\\' || text.charAt(i + 1) != 'u') {
      return -1;
    }
    int v = 0;
    for (int k = i + 2; k < i + 6; k++) {
      int h = Character.digit(text.charAt(k), 16);
      if (h < 0) {
        return -1;
      }
      v = v * 16 + h;
    }
    return v;
  }

  static boolean luhn(String digits) {
    return luhn(digits, 0, digits.length());
  }

  private static boolean luhn(CharSequence digits, int from, int to) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = to - 1; i >= from; i--) {
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
