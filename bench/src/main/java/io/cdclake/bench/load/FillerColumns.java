package io.cdclake.bench.load;

import io.cdclake.common.dms.synth.SyntheticTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extra value columns that widen the generated records to the width of a typical OLTP table (the synthetic table
 * itself has five columns). Values are a pure function of the row's key and the column, so an update keeps them
 * (as most columns of a real row stay the same across an update) and a seed always gives the same records. Types
 * cycle through text, int, decimal, timestamp, bigint and boolean; about one text value in ten is null.
 *
 * @param count number of filler columns (0: records as the generator makes them)
 */
public record FillerColumns(int count) {
  /** Data columns of a record without filler: the synthetic table's columns and {@link ChangeSource#CREATED_AT_MS}. */
  public static final int BASE_COLUMNS = 1 + SyntheticTable.VALUE_COLUMNS.size() + 1;

  private static final List<String> TYPES = List.of("string", "int", "decimal(12,2)", "timestamp", "bigint",
      "boolean", "string");
  private static final DateTimeFormatter SOURCE_TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** One filler column: name and contract type. */
  public record Column(String name, String type) {}

  public FillerColumns {
    if (count < 0) {
      throw new IllegalArgumentException("filler column count must not be negative, was " + count);
    }
  }

  public static FillerColumns none() {
    return new FillerColumns(0);
  }

  /** Filler that brings a record to {@code dataColumns} data columns in all (at least {@link #BASE_COLUMNS}). */
  public static FillerColumns toWidth(int dataColumns) {
    if (dataColumns < BASE_COLUMNS) {
      throw new IllegalArgumentException("records have at least " + BASE_COLUMNS + " data columns, asked for "
          + dataColumns);
    }
    return new FillerColumns(dataColumns - BASE_COLUMNS);
  }

  public List<Column> columns() {
    List<Column> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String type = TYPES.get(i % TYPES.size());
      out.add(new Column(String.format("attr_%02d_%s", i + 1, shortName(type)), type));
    }
    return out;
  }

  /** Values of the filler columns for the row with {@code key}, as DMS would send them (decimals as text). */
  public Map<String, Object> values(Object key) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (count == 0) {
      return out;
    }
    long k = key instanceof Number n ? n.longValue() : String.valueOf(key).hashCode();
    List<Column> columns = columns();
    for (int i = 0; i < count; i++) {
      long h = mix(k * 1_000_003L + i);
      Column c = columns.get(i);
      Object v = switch (c.type()) {
        case "string" -> Math.floorMod(h, 10) == 0 ? null : "v" + Long.toString(h >>> 16, 36);
        case "int" -> (int) Math.floorMod(h, 100_000);
        case "decimal(12,2)" -> BigDecimal.valueOf(Math.floorMod(h, 100_000_000L), 2).toPlainString();
        case "timestamp" -> SOURCE_TS.format(Instant.ofEpochSecond(1_600_000_000L + Math.floorMod(h, 126_144_000L)));
        case "bigint" -> h >>> 8;
        case "boolean" -> (h & 1) == 1;
        default -> throw new IllegalStateException(c.type());
      };
      out.put(c.name(), v);
    }
    return out;
  }

  private static String shortName(String type) {
    int paren = type.indexOf('(');
    return paren < 0 ? type : type.substring(0, paren);
  }

  /** SplitMix64 finaliser: well-spread bits from consecutive inputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
