package io.cdclake.catalog.delta;

import java.util.List;

/**
 * One partition directory of a symlink manifest.
 *
 * @param values   partition values in partitioning order, unescaped (Hive's null partition stays
 *                 {@code __HIVE_DEFAULT_PARTITION__}, which Athena reads as null)
 * @param relative the directory relative to the manifest root, e.g. {@code currency=EUR}
 */
public record ManifestPartition(List<String> values, String relative) {
  public ManifestPartition {
    values = List.copyOf(values);
  }
}
