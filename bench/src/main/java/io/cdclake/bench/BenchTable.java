package io.cdclake.bench;

import io.cdclake.bench.load.FillerColumns;
import io.cdclake.common.dms.synth.SyntheticTable;
import java.util.Locale;

/**
 * A synthetic source table in a benchmark lake, with how its curated Delta table is written.
 *
 * @param table           source schema, table and key space
 * @param curatedTable    curated table name
 * @param deletionVectors merge with deletion vectors instead of copy-on-write
 * @param filler          extra columns its records carry (declared in its contract)
 */
public record BenchTable(SyntheticTable table, String curatedTable, boolean deletionVectors, FillerColumns filler) {
  public static BenchTable of(SyntheticTable table, boolean deletionVectors) {
    return of(table, deletionVectors, FillerColumns.none());
  }

  public static BenchTable of(SyntheticTable table, boolean deletionVectors, FillerColumns filler) {
    return new BenchTable(table, (table.schema() + "_" + table.table()).toLowerCase(Locale.ROOT), deletionVectors, filler);
  }

  public String sourceId() {
    return table.sourceId();
  }
}
