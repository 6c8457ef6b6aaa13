package io.cdclake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.FillerColumns;
import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.SourceKind;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.synth.SyntheticTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's lakes are configured through the real loader, from the generator's own contracts. */
class BenchLakeTest {
  @TempDir
  Path dir;

  @Test
  void filesLakeLoadsWithCreationStampDeclaredAndModesPerTable() throws Exception {
    BenchTable cow = BenchTable.of(new SyntheticTable("bench", "orders", 1000), false);
    BenchTable dv = BenchTable.of(new SyntheticTable("bench", "accounts", 50), true);
    Files.createDirectories(dir.resolve("case/in"));
    Files.writeString(dir.resolve("case/in/leftover.jsonl"), "{}\n");
    BenchLake lake = BenchLake.create(dir.resolve("case"), List.of(cow, dv), new IngestSource.Files(), 7, 3);

    PipelineConfig config = lake.config();
    assertEquals(SourceKind.FILES, config.ingest().source());
    assertEquals(Optional.of(lake.input().toAbsolutePath().toString()), config.ingest().filesPath());
    assertEquals(7, config.ingest().triggerIntervalSeconds());
    assertEquals(3, config.ingest().maxFilesPerTrigger());
    assertTrue(config.pci().allowEphemeralKey());
    assertTrue(config.zones().raw().startsWith(dir.toAbsolutePath().toString()));
    assertFalse(Files.exists(lake.input().resolve("leftover.jsonl")), "a case starts from an empty lake");

    TableContract orders = lake.contract(cow);
    assertEquals("bench_orders", orders.curatedTable());
    assertFalse(orders.deletionVectors());
    assertTrue(lake.contract(dv).deletionVectors());
    assertEquals(List.of(SyntheticTable.KEY), orders.primaryKey());
    assertEquals("bigint", orders.column(ChangeSource.CREATED_AT_MS).map(ColumnSpec::sparkType).orElseThrow());
    assertTrue(lake.curatedDir(cow).startsWith(dir));
    assertEquals(dir.resolve("case/raw/changes").toAbsolutePath(), lake.rawChangesDir());
    assertEquals(lake.rawChangesDir().resolve("source_table=bench.orders"), lake.rawDir(cow));
  }

  @Test
  void fillerColumnsAreDeclaredWithTheirTypes() {
    FillerColumns filler = FillerColumns.toWidth(20);
    BenchTable wide = BenchTable.of(new SyntheticTable("bench", "wide", 100), false, filler);
    BenchLake lake = BenchLake.create(dir.resolve("wide"), List.of(wide), new IngestSource.Files(), 5, 1);
    TableContract contract = lake.contract(wide);
    assertEquals(20, contract.columns().size());
    for (FillerColumns.Column c : filler.columns()) {
      assertEquals(c.type(), contract.column(c.name()).map(ColumnSpec::sparkType).orElseThrow(), c.name());
    }
  }

  @Test
  void kinesisLakeReadsTheStreamFromLatest() {
    BenchTable t = BenchTable.of(new SyntheticTable("bench", "orders", 10), false);
    BenchLake lake = BenchLake.create(dir.resolve("k"), List.of(t),
        new IngestSource.Kinesis("bench-stream", "eu-west-1", Optional.of("http://127.0.0.1:4568"), true, 2), 5, 1);
    var kinesis = lake.config().ingest().kinesis().orElseThrow();
    assertEquals(SourceKind.KINESIS, lake.config().ingest().source());
    assertEquals("bench-stream", kinesis.streamName());
    assertEquals("eu-west-1", kinesis.region());
    assertEquals("LATEST", kinesis.startingPosition());
    assertEquals(Optional.of("http://127.0.0.1:4568"), kinesis.endpointUrl());
  }
}
