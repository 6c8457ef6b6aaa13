package io.cdclake.bench;

import io.cdclake.common.dms.synth.ChangeMix;
import io.cdclake.common.pci.HashKey;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What every benchmark section shares: the Spark session, the PCI hash key, where lakes go, and the seed and change
 * mix of the generated records.
 */
public record BenchContext(SparkSession spark, HashKey hashKey, Path workDir, long seed, ChangeMix mix) {
  public Path caseDir(String name) {
    return workDir.resolve(name);
  }
}
