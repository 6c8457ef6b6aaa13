package io.cdclake.ingest.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Splits a file's bytes into its non-empty lines, numbered from 1, without decoding them: a line ends at
 * {@code \n}, {@code \r\n} or a bare {@code \r} (so two records separated by a lone CR stay two records), and a
 * UTF-8 byte-order mark at the start of the file is not part of the first line. Lines stay bytes so the decoder,
 * not this splitter, decides whether they are valid UTF-8.
 */
public final class FileLines {
  static final StructType LINE = new StructType()
      .add("line_number", DataTypes.IntegerType, false)
      .add("bytes", DataTypes.BinaryType, false);

  private FileLines() {}

  public static List<Row> split(byte[] content) {
    List<Row> out = new ArrayList<>();
    if (content == null) {
      return out;
    }
    int start = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
        && (content[2] & 0xff) == 0xBF ? 3 : 0;
    int line = 1;
    int i = start;
    while (i <= content.length) {
      if (i == content.length || content[i] == '\n' || content[i] == '\r') {
        if (i > start) {
          out.add(RowFactory.create(line, Arrays.copyOfRange(content, start, i)));
        }
        if (i < content.length && content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
          i++;
        }
        line++;
        start = i + 1;
      }
      i++;
    }
    return out;
  }
}
