package io.cdclake.ingest.source;

import io.cdclake.common.raw.RawColumns;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The {@code _stream_sequence} of a line of a replay file: modification time, then file name, then line
 * number, each fixed-width decimal, so string order is the order in which the files source delivers records
 * (oldest file first, then by name, then line by line) and the value is the same every time the file is read.
 *
 * <p>Layout, 128 digits: 20 digits of modification time in epoch milliseconds, 96 digits holding 32 bytes of the
 * file name (3 digits per byte, zero-filled, so byte order is preserved), 12 digits of line number. Names longer
 * than 32 bytes keep their first 24 bytes, for order, followed by 8 bytes of their SHA-256, for uniqueness.
 */
public final class FileSequence {
  static final int TIME_DIGITS = 20;
  static final int NAME_BYTES = 32;
  static final int NAME_PREFIX_BYTES = 24;
  static final int LINE_DIGITS = 12;

  static {
    if (TIME_DIGITS + 3 * NAME_BYTES + LINE_DIGITS != RawColumns.STREAM_SEQUENCE_WIDTH) {
      throw new IllegalStateException("file sequence layout does not add up to the raw sequence width");
    }
  }

  private FileSequence() {}

  public static String of(String fileName, long modificationMillis, long line) {
    if (line < 0 || line >= 1_000_000_000_000L) {
      throw new IllegalArgumentException("cannot encode modification time " + modificationMillis + ", line " + line);
    }
    StringBuilder sb = new StringBuilder(RawColumns.STREAM_SEQUENCE_WIDTH).append(prefix(fileName, modificationMillis));
    pad(sb, Long.toString(line), LINE_DIGITS);
    return sb.toString();
  }

  /**
   * The digits every line of a file shares (modification time and name), {@link #LINE_DIGITS} short of a sequence:
   * worked out once per file, the line number padded after it per line.
   */
  public static String prefix(String fileName, long modificationMillis) {
    // A file stamped before 1970 (a restored archive) sorts with the oldest files rather than stopping the source.
    StringBuilder sb = new StringBuilder(RawColumns.STREAM_SEQUENCE_WIDTH);
    pad(sb, Long.toString(Math.max(0, modificationMillis)), TIME_DIGITS);
    for (byte b : nameBytes(fileName)) {
      pad(sb, Integer.toString(b & 0xff), 3);
    }
    return sb.toString();
  }

  private static byte[] nameBytes(String fileName) {
    byte[] raw = fileName.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[NAME_BYTES];
    if (raw.length <= NAME_BYTES) {
      System.arraycopy(raw, 0, out, 0, raw.length);
      return out;
    }
    System.arraycopy(raw, 0, out, 0, NAME_PREFIX_BYTES);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
      System.arraycopy(digest, 0, out, NAME_PREFIX_BYTES, NAME_BYTES - NAME_PREFIX_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return Arrays.copyOf(out, NAME_BYTES);
  }

  private static void pad(StringBuilder sb, String digits, int width) {
    sb.append("0".repeat(width - digits.length())).append(digits);
  }
}
