package io.cdclake.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.FillerColumns;
import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.curate.CurateJob;
import io.cdclake.curate.CurateOptions;
import io.cdclake.curate.CurateReport;
import io.cdclake.ingest.IngestJob;
import io.cdclake.ingest.IngestReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A throwaway lake for one benchmark case: zones, an input directory and a config directory of its own, written
 * the way an operator would write them ({@code <env>.json} plus one contract per table, generated from
 * {@link io.cdclake.common.dms.synth.SyntheticTable#contractJson}) and loaded through the real
 * {@link ConfigLoader}, so the benchmark runs exactly what production runs.
 *
 * <p>Contracts declare the generator's creation stamp {@link ChangeSource#CREATED_AT_MS} as a {@code bigint}
 * column, so it is typed in the raw view and carried into the curated table, where latency is read from it, and
 * declare a table's {@link FillerColumns} with their types.
 */
public final class BenchLake {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final PipelineConfig config;
  private final List<BenchTable> tables;

  private BenchLake(Path root, PipelineConfig config, List<BenchTable> tables) {
    this.root = root;
    this.config = config;
    this.tables = tables;
  }

  /**
   * @param triggerSeconds     ingest micro-batch interval
   * @param maxFilesPerTrigger files per ingest micro-batch (files source)
   */
  public static BenchLake create(Path root, List<BenchTable> tables, IngestSource source, int triggerSeconds,
      int maxFilesPerTrigger) {
    try {
      // A case always starts from nothing: leftovers of an earlier run would be read as input.
      Benchmark.deleteRecursively(root);
      Path conf = Files.createDirectories(root.resolve("conf"));
      Path contracts = Files.createDirectories(conf.resolve("contracts"));
      Files.createDirectories(root.resolve("in"));
      for (BenchTable t : tables) {
        Files.writeString(contracts.resolve(t.sourceId() + ".json"), contractJson(t));
      }
      Files.writeString(conf.resolve("bench.json"), environmentJson(root, source, triggerSeconds,
          maxFilesPerTrigger));
      PipelineConfig config = new ConfigLoader(Map.of()).loadEnvironment(conf, "bench");
      return new BenchLake(root, config, List.copyOf(tables));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out benchmark lake under " + root, e);
    }
  }

  static String contractJson(BenchTable t) throws IOException {
    ObjectNode contract = (ObjectNode) JSON.readTree(t.table().contractJson(t.curatedTable(), "hard", "latest"));
    ((ObjectNode) contract.get("curated")).put("deletionVectors", t.deletionVectors());
    ArrayNode columns = (ArrayNode) contract.get("columns");
    columns.addObject()
        .put("name", ChangeSource.CREATED_AT_MS)
        .put("type", "bigint");
    for (FillerColumns.Column c : t.filler().columns()) {
      columns.addObject().put("name", c.name()).put("type", c.type());
    }
    contract.put("description", "benchmark table (synthetic)");
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(contract);
  }

  static String environmentJson(Path root, IngestSource source, int triggerSeconds, int maxFilesPerTrigger)
      throws IOException {
    ObjectNode env = JSON.createObjectNode();
    env.put("environment", "bench");
    String lake = root.toAbsolutePath().toString();
    ObjectNode zones = env.putObject("zones");
    zones.put("raw", lake + "/raw");
    zones.put("curated", lake + "/curated");
    zones.put("quarantine", lake + "/quarantine");
    zones.put("checkpoints", lake + "/checkpoints");
    ObjectNode ingest = env.putObject("ingest");
    ingest.put("triggerIntervalSeconds", triggerSeconds);
    ingest.put("maxFilesPerTrigger", maxFilesPerTrigger);
    if (source instanceof IngestSource.Kinesis k) {
      ingest.put("source", "kinesis");
      ObjectNode kinesis = ingest.putObject("kinesis");
      kinesis.put("streamName", k.stream());
      kinesis.put("region", k.region());
      // The benchmark starts the query, waits for its first batch, then starts sending: LATEST skips what
      // earlier runs left in a shared stream.
      kinesis.put("startingPosition", "LATEST");
      k.endpoint().ifPresent(e -> kinesis.put("endpointUrl", e));
    } else {
      ingest.put("source", "files");
      ingest.putObject("files").put("path", lake + "/in");
    }
    env.putObject("catalog").put("mode", "local").put("database", "cdc_bench");
    env.putObject("pci").put("hashKeyEnv", "CDC_BENCH_PCI_HASH_KEY").put("allowEphemeralKey", true);
    env.put("contractsDir", "contracts");
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(env);
  }

  public PipelineConfig config() {
    return config;
  }

  public Path root() {
    return root;
  }

  /** Where the files source reads from and the file sink writes to. */
  public Path input() {
    return root.resolve("in");
  }

  public List<BenchTable> tables() {
    return tables;
  }

  public TableContract contract(BenchTable t) {
    return config.table(t.table().schema(), t.table().table()).orElseThrow();
  }

  /** One available-now ingest run, which must read exactly {@code expected} records and quarantine none. */
  public void ingest(BenchContext ctx, long expected) {
    IngestReport report = IngestJob.runAvailableNow(ctx.spark(), config, ctx.hashKey());
    if (report.recordsIn() != expected || report.quarantined() > 0) {
      throw new IllegalStateException("ingest read " + report.recordsIn() + " of " + expected
          + " records and quarantined " + report.quarantined());
    }
  }

  /** One curate run, which must apply everything: a failed or quarantined table would make the figures wrong. */
  public CurateReport curate(BenchContext ctx, CurateOptions options) {
    CurateReport report = CurateJob.run(ctx.spark(), config, options);
    if (report.hasFailures() || report.hasQuarantine()) {
      throw new IllegalStateException("curate did not apply everything:\n" + report.summary());
    }
    return report;
  }

  public LakePaths paths() {
    return new LakePaths(config.zones());
  }

  /** The raw zone: one Delta table for all the lake's tables ({@link LakePaths#rawChanges}). */
  public Path rawChangesDir() {
    return Path.of(paths().rawChanges());
  }

  /**
   * One table's partition directory inside the raw Delta table: for its size on disk only. Its files are not a
   * table of their own (the Delta log decides which are live): read raw rows through {@link #rawChangesDir()}.
   */
  public Path rawDir(BenchTable t) {
    return Path.of(paths().rawTable(contract(t)));
  }

  public Path curatedDir(BenchTable t) {
    return Path.of(paths().curatedTable(contract(t)));
  }
}
