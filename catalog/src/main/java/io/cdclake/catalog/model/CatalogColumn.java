package io.cdclake.catalog.model;

import java.util.Optional;

/**
 * One column as the catalog declares it.
 *
 * @param name     lower-case, validated name
 * @param hiveType Hive type string as Glue stores it (struct field names unquoted)
 * @param ddlType  the same type for DDL text (struct field names backtick-quoted)
 * @param comment  the Delta column comment, if any
 */
public record CatalogColumn(String name, String hiveType, String ddlType, Optional<String> comment) {
  public CatalogColumn {
    comment = comment == null ? Optional.empty() : comment.filter(c -> !c.isBlank());
  }
}
