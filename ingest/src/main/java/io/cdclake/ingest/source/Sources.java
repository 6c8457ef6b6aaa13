package io.cdclake.ingest.source;

import io.cdclake.common.config.ConfigException;
import io.cdclake.common.config.IngestConfig;

/** Picks the configured source. */
public final class Sources {
  private Sources() {}

  public static RecordSource of(IngestConfig ingest, String configFile) {
    return switch (ingest.source()) {
      case FILES -> new FilesSource(ingest.filesPath().orElseThrow(
          () -> new ConfigException(configFile, "ingest.files.path", "is required when ingest.source is 'files'")),
          ingest.maxFilesPerTrigger());
      case KINESIS -> new KinesisSource(ingest.kinesis().orElseThrow(
          () -> new ConfigException(configFile, "ingest.kinesis", "is required when ingest.source is 'kinesis'")));
    };
  }
}
