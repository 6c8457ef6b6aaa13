package io.cdclake.bench;

import static io.cdclake.bench.report.ResultTable.col;

import io.cdclake.bench.report.BarPanel;
import io.cdclake.bench.report.ResultTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The merge section's figures: one table row per case, and charts of the curate run beside its peers. */
final class MergeReport {
  private MergeReport() {}

  static ResultTable table(List<MergeBenchmark.Result> merges, int changes, Set<MergePeer> peers) {
    ResultTable t = new ResultTable("Curate merge of a fixed change batch", List.of(
        col("table rows", ""), col("mode", ""), col("changes", ""), col("curate run", "s"),
        col("merge", "s"), col("changes/s", ""), col("bytes written", "B"), col("bytes/change", "B"),
        col("files added", ""), col("files removed", ""), col("rows rewritten", ""),
        col("rows rewritten share", ""), col("deletion vectors", ""), col("changed keys", ""),
        col("rows after", ""), col("plain MERGE", "s"), col("plain rows rewritten", ""),
        col("Hudi COW upsert", "s"), col("Hudi MOR upsert", "s"), col("curate run vs plain MERGE", "x"),
        col("curate run vs Hudi MOR", "x"), col("curate run vs Hudi COW", "x")));
    for (MergeBenchmark.Result m : merges) {
      t.row(MergeBenchmark.caseLabel(m), m.tableRows(), m.mode(), m.changes(),
          m.curateSeconds(), m.mergeSeconds(), m.changesPerSecond(), m.bytesWritten(), m.bytesPerChange(),
          m.filesAdded(), m.filesRemoved(), m.rowsCopied(), m.rowsCopiedShare(), m.dvsAdded(),
          m.hotKeys() == m.tableRows() ? "all" : MergeBenchmark.label(m.hotKeys()).replace(" rows", " lowest"),
          m.rowsAfter(), m.plainSeconds(), m.plainRowsCopied(), m.hudiCowSeconds(), m.hudiMorSeconds(),
          m.vsPlain(), m.vsHudiMor(), m.vsHudiCow());
    }
    t.note("changes: " + changes + " generated DMS records (OLTP mix: ~30% inserts, 50% updates,"
            + " 12% deletes, 3% key changes, 5% duplicates) on the changed keys: all of the table's, or its"
            + " lowest N (an identity key's newest rows, which take most changes)")
        .note("curate run = the whole scheduled job for the table (stream start, merge, manifest);"
            + " merge = Delta's MERGE execution time; tables grown in files of 250k rows clustered by key");
    if (peers.contains(MergePeer.DELTA)) {
      t.note("plain MERGE: the baseline, run first on a copy of the same table: the table's new raw rows,"
          + " newest per key, one MERGE on key equality, none of curate's checks");
    }
    if (peers.contains(MergePeer.HUDI)) {
      t.note("Hudi " + HudiUpsertBaseline.version() + " upsert, run after the curate run: tables bulk-inserted"
              + " (not timed) with the rows the curated table held before it, then the same raw changes (a key"
              + " change also deletes the old key, a delete sets _hoodie_is_deleted) upserted, timed from reading"
              + " the raw rows to the commit")
          .note("Hudi tables: record key = primary key, ordering field _cdc_sequence (event-time ordering),"
              + " partitioned like the curated table, embedded timeline server off (it would listen on every"
              + " interface), other settings Hudi's defaults; both ended with the curated table's row count");
    }
    return t;
  }

  /**
   * Per merge mode, the curate run beside its peers in seconds and as ratios, one category per table size and
   * key spread; then the bytes written per change. Panels of a mode that did not run have no data and are left
   * out of the sheet.
   */
  static List<BarPanel> panels(List<MergeBenchmark.Result> merges, int changes) {
    List<String> caseLabels = new ArrayList<>();
    List<List<MergeBenchmark.Result>> byCase = new ArrayList<>();
    for (MergeBenchmark.Result m : merges) {
      String label = MergeBenchmark.label(m.tableRows()) + (m.hotKeys() == m.tableRows() ? ""
          : ", " + MergeBenchmark.label(m.hotKeys()).replace(" rows", " hot keys"));
      int i = caseLabels.indexOf(label);
      if (i < 0) {
        caseLabels.add(label);
        byCase.add(new ArrayList<>());
        i = caseLabels.size() - 1;
      }
      byCase.get(i).add(m);
    }
    List<BarPanel> times = new ArrayList<>();
    List<BarPanel> ratios = new ArrayList<>();
    BarPanel.Builder bytes = BarPanel.builder("Bytes written per change", "bytes", caseLabels).logScale();
    for (boolean dv : List.of(false, true)) {
      String mode = dv ? "deletion vectors" : "copy-on-write";
      Function<Function<MergeBenchmark.Result, Double>, List<Double>> values = f -> byCase.stream()
          .map(c -> c.stream().filter(r -> r.deletionVectors() == dv).findFirst().map(f).orElse(Double.NaN))
          .map(v -> v == null ? Double.NaN : v)
          .toList();
      times.add(BarPanel.builder("Delta " + mode + ": curate run beside its peers, " + changes + " changes",
              "seconds", caseLabels)
          .series("curate run", values.apply(MergeBenchmark.Result::curateSeconds))
          .series("plain MERGE", values.apply(MergeBenchmark.Result::plainSeconds))
          .series("Hudi COW upsert", values.apply(MergeBenchmark.Result::hudiCowSeconds))
          .series("Hudi MOR upsert", values.apply(MergeBenchmark.Result::hudiMorSeconds))
          .build());
      ratios.add(BarPanel.builder("Delta " + mode + ": curate run / peer", "x", caseLabels)
          .series("vs plain MERGE", values.apply(MergeBenchmark.Result::vsPlain))
          .series("vs Hudi MOR", values.apply(MergeBenchmark.Result::vsHudiMor))
          .series("vs Hudi COW", values.apply(MergeBenchmark.Result::vsHudiCow))
          .build());
      bytes.series(mode, values.apply(MergeBenchmark.Result::bytesPerChange));
    }
    List<BarPanel> panels = new ArrayList<>(times);
    panels.addAll(ratios);
    panels.add(bytes.build());
    return panels;
  }
}
