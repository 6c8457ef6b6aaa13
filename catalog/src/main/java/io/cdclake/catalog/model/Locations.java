package io.cdclake.catalog.model;

import java.nio.file.Paths;
import java.util.Locale;

/** Table locations as the catalog records them. */
public final class Locations {
  /** Directory Delta's {@code GENERATE symlink_format_manifest} writes under the table root. */
  public static final String MANIFEST_DIR = "_symlink_format_manifest";

  private Locations() {}

  /**
   * The location Athena and Glue should record for a path the pipeline uses. Athena reads {@code s3://} only;
   * Hadoop's {@code s3a://} and {@code s3n://} name the same objects. Local paths (the local run, DDL for review)
   * become absolute {@code file:} locations.
   */
  public static String forCatalog(String path) {
    String p = stripTrailingSlash(path);
    String lower = p.toLowerCase(Locale.ROOT);
    if (lower.startsWith("s3a://") || lower.startsWith("s3n://")) {
      return "s3://" + p.substring(6);
    }
    if (p.contains(":")) {
      return p;
    }
    return "file:" + Paths.get(p).toAbsolutePath().normalize();
  }

  /** {@code <table>/_symlink_format_manifest/}: the trailing slash is how Athena's documentation writes it. */
  public static String manifestRoot(String catalogTableLocation) {
    return stripTrailingSlash(catalogTableLocation) + "/" + MANIFEST_DIR + "/";
  }

  static String stripTrailingSlash(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
