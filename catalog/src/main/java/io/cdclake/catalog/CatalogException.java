package io.cdclake.catalog;

/**
 * A curated table cannot be registered as asked. The message names the table, what is wrong and what to change,
 * because it ends up in an Airflow task log read by whoever is on call.
 */
public final class CatalogException extends RuntimeException {
  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
