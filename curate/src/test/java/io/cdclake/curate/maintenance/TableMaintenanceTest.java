package io.cdclake.curate.maintenance;

import static io.cdclake.curate.testing.Dms.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.curate.CurateOptions;
import io.cdclake.curate.CuratePaths;
import io.cdclake.curate.testing.TestLake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TableMaintenanceTest {
  static final String CONTRACT = """
      {
        "source": { "schema": "bank", "table": "ledger" },
        "primaryKey": ["id"],
        "curated": { "table": "bank_ledger", "deleteMode": "hard" },
        "columns": [ { "name": "id", "type": "bigint" }, { "name": "amount", "type": "int" } ]
      }
      """;

  static Map<String, Object> row(long id, int amount) {
    return io.cdclake.curate.testing.Dms.row("id", id, "amount", amount);
  }

  static Set<String> parquetFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
          .map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void compactsSmallFilesVacuumsTheRestAndKeepsTheDataAndManifest() throws IOException {
    TestLake lake = TestLake.create(CONTRACT);
    // Insert-only batches each add a file; the delete rewrites one of them.
    for (int i = 0; i < 3; i++) {
      lake.land("bank_ledger", List.of(
          change(DmsOperation.INSERT, "bank", "ledger", 10 + i, 1, row(10 + i, i)),
          change(DmsOperation.INSERT, "bank", "ledger", 10 + i, 2, row(20 + i, i))));
    }
    lake.land("bank_ledger", List.of(change(DmsOperation.DELETE, "bank", "ledger", 40, 1, row(21, 1))));
    lake.curate(CurateOptions.defaults().withMaxFilesPerBatch(1));
    Set<String> before = lake.table("bank_ledger").collectAsList().stream().map(Row::toString)
        .collect(Collectors.toCollection(TreeSet::new));
    Path table = Paths.get(lake.paths().curatedTable(lake.contract("bank_ledger")));
    int filesOnDisk = parquetFiles(table).size();

    MaintenanceReport report = TableMaintenance.run(lake.spark, lake.config(), MaintenanceOptions.defaults()
        .withVacuumRetention(0, true).withTombstoneRetentionHours(0));

    TableMaintenanceReport t = report.tables().get(0);
    assertFalse(report.hasFailures(), report.summary());
    assertTrue(t.filesBefore() > 1, t.summary());
    assertEquals(1, t.filesAfter(), t.summary());
    assertEquals(t.filesBefore(), t.filesRemoved());
    assertEquals(1, t.tombstonesPruned());
    Set<String> after = lake.table("bank_ledger").collectAsList().stream().map(Row::toString)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(before, after);
    assertEquals(1, parquetFiles(table).size(), "vacuum deleted the " + filesOnDisk + " superseded files");
    List<String> manifest = Files.readAllLines(table.resolve("_symlink_format_manifest/manifest"));
    assertEquals(1, manifest.size());
    assertTrue(manifest.get(0).endsWith(parquetFiles(table).iterator().next().substring(table.toString().length())));
    assertEquals(0, lake.spark.read().format("delta")
        .load(CuratePaths.tombstones(lake.paths(), lake.contract("bank_ledger"))).count());
  }

  @Test
  void refusesAShortRetentionUnlessAskedExplicitly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaintenanceOptions.defaults().withVacuumRetention(1, false));
    assertTrue(e.getMessage().contains("168"));
  }
}
