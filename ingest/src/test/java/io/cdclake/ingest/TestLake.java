package io.cdclake.ingest;

import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.raw.RawView;
import io.cdclake.common.testing.ProjectFiles;
import io.cdclake.common.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A lake in a temporary folder configured like the local run, reading DMS files from a given folder. */
final class TestLake {
  static final HashKey KEY = HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  final String root;
  final PipelineConfig config;
  final LakePaths paths;

  private TestLake(String root, PipelineConfig config) {
    this.root = root;
    this.config = config;
    this.paths = new LakePaths(config.zones());
  }

  static TestLake reading(Path inputDir) {
    return at(SharedSpark.newDir("ingest-lake-").toString(), inputDir);
  }

  /** A lake under any Hadoop path ({@code s3a://bucket/lake}, a local folder). */
  static TestLake at(String lakeRoot, Path inputDir) {
    PipelineConfig config = new ConfigLoader(Map.of(
        "CDC_LAKE_DIR", lakeRoot,
        "CDC_INPUT_DIR", inputDir.toString()))
        .loadEnvironment(ProjectFiles.conf(), "local");
    return new TestLake(lakeRoot, config);
  }

  TableContract table(String sourceId) {
    return config.tablesBySourceId().get(sourceId);
  }

  Dataset<Row> raw(String sourceId) {
    TableContract t = table(sourceId);
    return RawView.typed(RawView.ofTable(rawChanges(), t), t);
  }

  /** The raw zone as stored: every table, data and control records. */
  Dataset<Row> rawChanges() {
    return SharedSpark.get().read().format("delta").load(paths.rawChanges());
  }

  Dataset<Row> quarantine() {
    return SharedSpark.get().read().format("delta").load(paths.quarantine("ingest"));
  }
}
