package io.cdclake.catalog.delta;

import io.cdclake.catalog.CatalogException;
import io.cdclake.catalog.model.Locations;
import io.delta.tables.DeltaTable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The symlink manifest of a Delta table: generating it, and reading back the partition directories it holds, which
 * are the partitions a manifest-mode catalog table must list.
 */
public final class SymlinkManifests {
  private static final Logger LOG = LoggerFactory.getLogger(SymlinkManifests.class);
  private static final String MANIFEST_FILE = "manifest";

  private SymlinkManifests() {}

  /** The manifest directory under a table root, in the table's own file system scheme. */
  public static Path root(String tablePath) {
    return new Path(tablePath, Locations.MANIFEST_DIR);
  }

  public static boolean exists(Configuration conf, String tablePath) {
    Path root = root(tablePath);
    try {
      return root.getFileSystem(conf).exists(root);
    } catch (IOException e) {
      throw new CatalogException("cannot check the symlink manifest at " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rewrites the manifest for the table's current version (Delta's {@code GENERATE symlink_format_manifest}),
   * which also removes the manifests of partitions that no longer hold rows.
   */
  public static void generate(SparkSession spark, String tablePath) {
    LOG.info("Generating the symlink manifest of {}", tablePath);
    DeltaTable.forPath(spark, tablePath).generate("symlink_format_manifest");
  }

  /**
   * The partition directories of the manifest, sorted by value. An unpartitioned table has a single manifest
   * file at the root and no partitions.
   *
   * @throws CatalogException when a directory does not follow the table's partitioning (manifests left over from
   *                          an earlier partitioning: regenerate the manifest)
   */
  public static List<ManifestPartition> partitions(
      Configuration conf, String tablePath, List<String> partitionColumns) {
    Path root = root(tablePath);
    List<ManifestPartition> out = new ArrayList<>();
    if (partitionColumns.isEmpty()) {
      return out;
    }
    try {
      FileSystem fs = root.getFileSystem(conf);
      String rootPrefix = fs.makeQualified(root).toUri().getPath();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
      while (files.hasNext()) {
        LocatedFileStatus file = files.next();
        if (!file.isFile() || !file.getPath().getName().equals(MANIFEST_FILE)) {
          continue;
        }
        String dir = file.getPath().getParent().toUri().getPath();
        String relative = dir.length() > rootPrefix.length() ? dir.substring(rootPrefix.length() + 1) : "";
        out.add(parse(relative, partitionColumns, root));
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw new CatalogException("cannot list the symlink manifest at " + root + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(ManifestPartition::relative));
    return out;
  }

  static ManifestPartition parse(String relative, List<String> partitionColumns, Path root) {
    String[] segments = relative.isEmpty() ? new String[0] : relative.split("/");
    if (segments.length != partitionColumns.size()) {
      throw new CatalogException("manifest directory " + root + "/" + relative + " does not match the table's"
          + " partitioning " + partitionColumns + "; it is left from an earlier layout: delete " + root
          + " and run the catalog sync again to regenerate it");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      int eq = segments[i].indexOf('=');
      String column = eq < 0 ? "" : ExternalCatalogUtils.unescapePathName(segments[i].substring(0, eq));
      if (!column.equalsIgnoreCase(partitionColumns.get(i))) {
        throw new CatalogException("manifest directory " + root + "/" + relative + " has '" + segments[i]
            + "' where the partition column '" + partitionColumns.get(i) + "' belongs; delete " + root
            + " and run the catalog sync again to regenerate it");
      }
      values.add(ExternalCatalogUtils.unescapePathName(segments[i].substring(eq + 1)));
    }
    return new ManifestPartition(values, relative);
  }
}
