package io.cdclake.common.config;

/**
 * Root locations of the lake, as Hadoop paths ({@code s3://…} on EMR, plain directories locally).
 *
 * @param raw         append-only Parquet copy of every change record, per table and arrival day
 * @param curated     one Delta table per source table
 * @param quarantine  records that could not be processed, with the reason; same protection as raw
 * @param checkpoints streaming checkpoints of the ingest and curate queries
 */
public record Zones(String raw, String curated, String quarantine, String checkpoints) {}
