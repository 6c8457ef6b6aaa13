package io.cdclake.common.config;

import java.util.Optional;

/**
 * Settings of the streaming ingest job.
 *
 * @param source                 which source to read
 * @param triggerIntervalSeconds micro-batch interval (30 s by default)
 * @param kinesis                stream settings, present when {@code source} is KINESIS
 * @param filesPath              directory of DMS JSON-lines files, present when {@code source} is FILES
 * @param maxFilesPerTrigger     bound on files per micro-batch for the files source
 */
public record IngestConfig(
    SourceKind source,
    int triggerIntervalSeconds,
    Optional<KinesisSourceConfig> kinesis,
    Optional<String> filesPath,
    int maxFilesPerTrigger) {}
