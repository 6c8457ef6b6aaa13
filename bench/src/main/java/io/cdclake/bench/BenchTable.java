package io.cdclake.bench;

import io.cdclake.common.dms.synth.SyntheticTable;

/**
 * A synthetic source table in a benchmark lake, with how its curated Delta table is written.
 *
 * @param table           source schema, table and key space
 * @param curatedTable    curated table name
 * @param deletionVectors merge with deletion vectors instead of copy-on-write
 */
public record BenchTable(SyntheticTable table, String curatedTable, boolean deletionVectors) {
  public static BenchTable of(SyntheticTable table, boolean deletionVectors) {
    return new BenchTable(table, (table.schema() + "_" + table.table()).toLowerCase(), deletionVectors);
  }

  public String sourceId() {
    return table.schema() + "." + table.table();
  }
}
