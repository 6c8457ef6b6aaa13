package io.cdclake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.bench.report.BarPanel;
import io.cdclake.bench.report.ResultTable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The merge section's table and charts: the curate run over each peer that ran, nothing for one that did not. */
class MergeReportTest {
  private static MergeBenchmark.Result result(boolean dv, double curate, PlainMerge.Result plain,
      HudiUpsertBaseline.Result hudi) {
    return new MergeBenchmark.Result(100_000, dv, 10_000, curate, 2.0, 1_000_000, 4, 4, 90_000, 0, 9_000, 100_000,
        101_000, plain, hudi);
  }

  private static final MergeBenchmark.Result COW = result(false, 12.0, new PlainMerge.Result(6.0, 9_500, 90_000),
      new HudiUpsertBaseline.Result(24.0, 8.0, 101_000, 101_000));
  private static final MergeBenchmark.Result DV_WITHOUT_PEERS = result(true, 10.0, null, null);

  @Test
  void theTableHasEachPeersTimeAndTheCurateRunOverIt() {
    ResultTable t = MergeReport.table(List.of(COW, DV_WITHOUT_PEERS), 10_000, Set.of(MergePeer.DELTA,
        MergePeer.HUDI));
    String cow = "100k rows, copy-on-write";
    assertEquals(24.0, (Double) t.value(cow, "Hudi COW upsert"), 1e-9);
    assertEquals(8.0, (Double) t.value(cow, "Hudi MOR upsert"), 1e-9);
    assertEquals(2.0, (Double) t.value(cow, "curate run vs plain MERGE"), 1e-9);
    assertEquals(1.5, (Double) t.value(cow, "curate run vs Hudi MOR"), 1e-9);
    assertEquals(0.5, (Double) t.value(cow, "curate run vs Hudi COW"), 1e-9);
    assertEquals(101_000L, t.value(cow, "rows after"));

    String dv = "100k rows, deletion vectors";
    for (String column : List.of("plain MERGE", "plain rows rewritten", "Hudi COW upsert", "Hudi MOR upsert",
        "curate run vs plain MERGE", "curate run vs Hudi MOR", "curate run vs Hudi COW")) {
      assertNull(t.value(dv, column), column + " of a case without peers is not measured");
    }
    assertTrue(t.render().contains("ordering field _cdc_sequence"), t.render());
  }

  @Test
  void withoutTheHudiPeerTheNotesDoNotDescribeIt() {
    String text = MergeReport.table(List.of(DV_WITHOUT_PEERS), 10_000, Set.of(MergePeer.DELTA)).render();
    assertFalse(text.contains("note: Hudi"), text);
    assertTrue(text.contains("plain MERGE: the baseline"), text);
  }

  @Test
  void chartsShowEachModeBesideItsPeersInSecondsAndAsRatios() {
    List<BarPanel> panels = MergeReport.panels(List.of(COW, DV_WITHOUT_PEERS), 10_000);
    assertEquals(List.of("Delta copy-on-write: curate run beside its peers, 10000 changes",
        "Delta deletion vectors: curate run beside its peers, 10000 changes", "Delta copy-on-write: curate run / peer",
        "Delta deletion vectors: curate run / peer", "Bytes written per change"),
        panels.stream().map(BarPanel::title).toList());
    BarPanel cowTimes = panels.get(0);
    assertEquals(List.of("100k rows"), cowTimes.categories());
    assertEquals(List.of(12.0), cowTimes.series().get("curate run"));
    assertEquals(List.of(24.0), cowTimes.series().get("Hudi COW upsert"));
    assertEquals(List.of(8.0), cowTimes.series().get("Hudi MOR upsert"));
    assertEquals(List.of(1.5), panels.get(2).series().get("vs Hudi MOR"));
    assertTrue(panels.get(1).hasData(), "the curate run itself was measured");
    assertFalse(panels.get(3).hasData(), "no peer ran beside the deletion-vectors case: no ratio panel");
  }
}
