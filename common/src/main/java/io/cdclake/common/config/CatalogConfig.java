package io.cdclake.common.config;

import java.util.Optional;

/**
 * Where curated tables are registered.
 *
 * @param mode        Glue or the local Spark catalog
 * @param database    database (schema) name
 * @param region      AWS region of the Glue catalog
 * @param endpointUrl endpoint override (LocalStack in tests)
 */
public record CatalogConfig(CatalogMode mode, String database, String region, Optional<String> endpointUrl) {}
