package io.cdclake.common;

/**
 * The code of a Java (or Scala) source file with comments and string and character literals blanked out, so a
 * search for a name finds what the compiler links against, not what a comment or a configuration value says.
 * Line breaks are kept, so line numbers still point at the source.
 */
final class CodeText {
  private CodeText() {}

  static String of(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = blank(source, i, end < 0 ? n : end, out);
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = blank(source, i, end < 0 ? n : end + 2, out);
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        i = blank(source, i, end < 0 ? n : end + 3, out);
      } else if (c == '"' || c == '\'') {
        i = blank(source, i, literalEnd(source, i, c), out);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Index just past the literal opened at {@code start}, honouring backslash escapes; a line break ends it too. */
  private static int literalEnd(String source, int start, char quote) {
    int i = start + 1;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else if (c == '\n') {
        return i;
      } else {
        i++;
      }
    }
    return source.length();
  }

  private static int blank(String source, int from, int to, StringBuilder out) {
    for (int i = from; i < to; i++) {
      out.append(source.charAt(i) == '\n' ? '\n' : ' ');
    }
    return to;
  }
}
