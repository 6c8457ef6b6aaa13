package io.cdclake.ops.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff in the spirit of {@code diff -u}, without hunk headers: unchanged lines are prefixed with two
 * spaces, removed ones with {@code "- "}, added ones with {@code "+ "}. Longest common subsequence, so it is
 * quadratic in the number of lines; provisioning documents are a few hundred lines at most.
 */
public final class LineDiff {
  private LineDiff() {}

  public static List<String> diff(String before, String after) {
    String[] a = before.isEmpty() ? new String[0] : before.split("\n", -1);
    String[] b = after.isEmpty() ? new String[0] : after.split("\n", -1);
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i].equals(b[j])) {
        out.add("  " + a[i]);
        i++;
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        out.add("- " + a[i++]);
      } else {
        out.add("+ " + b[j++]);
      }
    }
    while (i < a.length) {
      out.add("- " + a[i++]);
    }
    while (j < b.length) {
      out.add("+ " + b[j++]);
    }
    return out;
  }
}
