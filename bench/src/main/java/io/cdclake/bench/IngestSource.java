package io.cdclake.bench;

import java.util.Optional;

/** Where a benchmark's ingest job reads from: files the generator writes, or a Kinesis stream it fills. */
public sealed interface IngestSource {
  /** The ingest {@code files} source, over the lake's input directory. */
  record Files() implements IngestSource {}

  /**
   * The ingest {@code kinesis} source (needs the EMR Kinesis connector on the classpath).
   *
   * @param stream   stream name
   * @param region   AWS region
   * @param endpoint endpoint override (VPC endpoint or emulator)
   * @param emulator whether {@code endpoint} is the kinesis-local emulator (dummy credentials)
   * @param shards   shards of the stream, when the benchmark creates it
   */
  record Kinesis(String stream, String region, Optional<String> endpoint, boolean emulator, int shards)
      implements IngestSource {}
}
