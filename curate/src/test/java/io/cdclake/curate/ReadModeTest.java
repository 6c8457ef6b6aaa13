package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.row;
import static io.cdclake.curate.testing.Dms.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.curate.table.ReadMode;
import io.cdclake.curate.testing.TestLake;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ReadModeTest {
  /** Every data file the manifest lists, as local paths. */
  static Set<Path> manifestFiles(Path table) throws IOException {
    Path dir = table.resolve("_symlink_format_manifest");
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().equals("manifest")).flatMap(p -> {
        try {
          return Files.readAllLines(p).stream();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).map(line -> Paths.get(URI.create(line))).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  static Set<Path> snapshotFiles(TestLake lake, String table) {
    return Arrays.stream(lake.table(table).inputFiles()).map(f -> Paths.get(URI.create(f)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theManifestListsExactlyTheCurrentSnapshotAfterEveryRun() throws IOException {
    TestLake lake = TestLake.create(LatestStateCurationTest.HARD);
    Path table = Paths.get(lake.paths().curatedTable(lake.contract("bank_accounts")));
    lake.land("bank_accounts", List.of(
        change(DmsOperation.INSERT, "bank", "accounts", 10, 1, LatestStateCurationTest.acct(1, "a", "1.00", "EUR")),
        change(DmsOperation.INSERT, "bank", "accounts", 10, 2, LatestStateCurationTest.acct(2, "b", "2.00", "USD"))));
    TableReport first = lake.curate().table("bank_accounts").orElseThrow();
    assertEquals(ReadMode.SYMLINK_MANIFEST, first.readMode());
    assertEquals(snapshotFiles(lake, "bank_accounts"), manifestFiles(table));
    assertTrue(Files.exists(table.resolve("_symlink_format_manifest/currency=EUR/manifest")),
        "one manifest per partition, as Athena's partitioned Hive tables expect");

    lake.land("bank_accounts", List.of(update("bank", "accounts", 20, 1,
        LatestStateCurationTest.acct(1, "a", "1.00", "EUR"), LatestStateCurationTest.acct(1, "a", "1.00", "USD"))));
    lake.curate();
    assertEquals(snapshotFiles(lake, "bank_accounts"), manifestFiles(table), "no rewritten file is still listed");

    // Manifest lost (say, a crash right after a commit): the next run repairs it even with nothing to merge.
    try (Stream<Path> walk = Files.walk(table.resolve("_symlink_format_manifest"))) {
      walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
    lake.curate();
    assertEquals(snapshotFiles(lake, "bank_accounts"), manifestFiles(table));
  }

  @Test
  void aDeletionVectorTableIsNativeOnlyAndTurningThemOffBringsTheManifestBack() {
    String dv = LatestStateCurationTest.SOFT.replace("\"deleteMode\": \"soft\"",
        "\"deleteMode\": \"hard\", \"deletionVectors\": true");
    TestLake lake = TestLake.create(dv);
    Path table = Paths.get(lake.paths().curatedTable(lake.contract("bank_clients")));
    List<DmsRecord> inserts = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      inserts.add(change(DmsOperation.INSERT, "bank", "clients", 10, i, row("id", (long) i, "name", "n" + i)));
    }
    // Many rows per file, so that deleting one marks it in a deletion vector instead of dropping a file.
    lake.land("bank_clients", inserts);
    lake.curate();
    lake.land("bank_clients", List.of(
        change(DmsOperation.DELETE, "bank", "clients", 20, 1, row("id", 1L))));
    TableReport report = lake.curate().table("bank_clients").orElseThrow();
    assertEquals(ReadMode.NATIVE_DELTA_ONLY, report.readMode());
    assertFalse(Files.exists(table.resolve("_symlink_format_manifest")));
    assertEquals(39, lake.table("bank_clients").count());
    Dataset<Row> adds = lake.spark.read().json(table.resolve("_delta_log").toString() + "/*.json")
        .filter("add IS NOT NULL").select("add.*");
    long dvDescriptors = Arrays.asList(adds.columns()).contains("deletionVector")
        ? adds.filter("deletionVector IS NOT NULL").count() : 0;
    assertTrue(dvDescriptors > 0, "the delete was written as a deletion vector");

    lake.putContract(dv.replace("\"deletionVectors\": true", "\"deletionVectors\": false"));
    lake.reload();
    TableReport manifest = lake.curate().table("bank_clients").orElseThrow();
    assertEquals(ReadMode.SYMLINK_MANIFEST, manifest.readMode());
    assertTrue(Files.exists(table.resolve("_symlink_format_manifest/manifest")));
    assertEquals(39, lake.table("bank_clients").count());
  }
}
