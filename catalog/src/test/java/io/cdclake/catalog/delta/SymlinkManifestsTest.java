package io.cdclake.catalog.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.CatalogException;
import io.cdclake.catalog.DeltaFixtures;
import io.cdclake.common.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class SymlinkManifestsTest {
  private static final org.apache.hadoop.fs.Path ROOT = new org.apache.hadoop.fs.Path("/lake/t/_symlink_format_manifest");

  @Test
  void parsesPartitionDirectoriesInPartitioningOrderAndUnescapesValues() {
    ManifestPartition p = SymlinkManifests.parse("region=EU%2FWest/day=2024-01-31", List.of("region", "day"), ROOT);
    assertEquals(List.of("EU/West", "2024-01-31"), p.values());
    assertEquals("region=EU%2FWest/day=2024-01-31", p.relative(), "the directory keeps its escaped name");
    assertEquals(List.of("__HIVE_DEFAULT_PARTITION__"),
        SymlinkManifests.parse("currency=__HIVE_DEFAULT_PARTITION__", List.of("currency"), ROOT).values());
  }

  @Test
  void refusesDirectoriesLeftFromAnotherPartitioning() {
    CatalogException depth = assertThrows(CatalogException.class,
        () -> SymlinkManifests.parse("currency=EUR", List.of("region", "day"), ROOT));
    assertTrue(depth.getMessage().contains("[region, day]"), depth.getMessage());
    assertTrue(depth.getMessage().contains("regenerate"), depth.getMessage());
    CatalogException name = assertThrows(CatalogException.class,
        () -> SymlinkManifests.parse("currency=EUR", List.of("region"), ROOT));
    assertTrue(name.getMessage().contains("'currency=EUR' where the partition column 'region'"), name.getMessage());
  }

  @Test
  void listsTheGeneratedManifestsPartitionsIncludingNull() {
    Path lake = SharedSpark.newDir("catalog-manifest-");
    String path = DeltaFixtures.curatedPath(lake, "t");
    DeltaFixtures.spark().sql("SELECT * FROM VALUES (1L, 'EUR'), (2L, CAST(NULL AS STRING)), (3L, 'a b/c')"
        + " AS t(id, currency)").write().format("delta").partitionBy("currency").save(path);
    Configuration conf = DeltaFixtures.spark().sessionState().newHadoopConf();
    assertFalse(SymlinkManifests.exists(conf, path));
    assertEquals(List.of(), SymlinkManifests.partitions(conf, path, List.of("currency")), "no manifest yet");

    SymlinkManifests.generate(DeltaFixtures.spark(), path);

    assertTrue(SymlinkManifests.exists(conf, path));
    List<ManifestPartition> partitions = SymlinkManifests.partitions(conf, path, List.of("currency"));
    assertEquals(List.of(List.of("EUR"), List.of("__HIVE_DEFAULT_PARTITION__"), List.of("a b/c")),
        partitions.stream().map(ManifestPartition::values).toList());
    for (ManifestPartition p : partitions) {
      assertTrue(Files.isRegularFile(Path.of(path, "_symlink_format_manifest", p.relative(), "manifest")),
          p.relative());
    }
    assertEquals(List.of(), SymlinkManifests.partitions(conf, path, List.of()), "unpartitioned: no partitions");
  }
}
