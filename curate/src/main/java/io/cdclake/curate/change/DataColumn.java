package io.cdclake.curate.change;

import org.apache.spark.sql.types.DataType;

/**
 * A source-data column of a curated table (not curate's metadata): declared by the contract, or undeclared and
 * carried over from {@code _extra_columns}.
 *
 * @param name     column name, as the source sends it
 * @param type     type in the curated table
 * @param declared whether the contract declares it (then the raw zone has a typed column for it)
 */
public record DataColumn(String name, DataType type, boolean declared) {}
