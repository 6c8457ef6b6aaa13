package io.cdclake.common.config;

import java.util.List;
import java.util.Optional;

/**
 * One declared source column of a data contract.
 *
 * @param name       column name in the lake (and, without {@code path}, as the source sends it)
 * @param sparkType  Spark SQL type name the raw and curated zones use, e.g. {@code bigint}, {@code decimal(12,2)};
 *                   a complex type ({@code array<string>}, {@code struct<...>}) is read from the value's JSON text
 * @param protection PCI treatment applied at ingest, if any
 * @param path       where the value is in the source record, when not under {@code name}: dot-separated
 *                   attribute names, the first one a column (or DynamoDB attribute) of the record, the rest a path
 *                   into its JSON value ({@code address.city}); in DocumentDB's document mode, a path into the
 *                   document ({@code _doc})
 */
public record ColumnSpec(String name, String sparkType, Optional<Protection> protection, Optional<String> path) {
  public ColumnSpec {
    protection = protection == null ? Optional.empty() : protection;
    path = path == null ? Optional.empty() : path;
  }

  public ColumnSpec(String name, String sparkType, Optional<Protection> protection) {
    this(name, sparkType, protection, Optional.empty());
  }

  public static ColumnSpec of(String name, String sparkType) {
    return new ColumnSpec(name, sparkType, Optional.empty());
  }

  /** The type the column has once protection is applied: hashes and masks are strings. */
  public String storedType() {
    return protection.isPresent() ? "string" : sparkType;
  }

  /** Where the value is in the source record: {@link #path}, or the column's name. */
  public String sourcePath() {
    return path.orElse(name);
  }

  /** {@link #sourcePath()} split at its dots. */
  public List<String> pathSegments() {
    return List.of(sourcePath().split("\\.", -1));
  }
}
