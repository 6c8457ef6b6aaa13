package io.cdclake.common.config;

import java.util.Optional;

/**
 * One declared source column of a data contract.
 *
 * @param name       column name as DMS sends it
 * @param sparkType  Spark SQL type name the raw and curated zones use, e.g. {@code bigint}, {@code decimal(12,2)}
 * @param protection PCI treatment applied at ingest, if any
 */
public record ColumnSpec(String name, String sparkType, Optional<Protection> protection) {
  public ColumnSpec {
    protection = protection == null ? Optional.empty() : protection;
  }

  public static ColumnSpec of(String name, String sparkType) {
    return new ColumnSpec(name, sparkType, Optional.empty());
  }

  /** The type the column has once protection is applied: hashes and masks are strings. */
  public String storedType() {
    return protection.isPresent() ? "string" : sparkType;
  }
}
