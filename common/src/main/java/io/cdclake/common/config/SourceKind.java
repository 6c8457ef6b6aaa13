package io.cdclake.common.config;

/** Where the ingest stream reads DMS records from. */
public enum SourceKind {
  /** A Kinesis Data Stream through the EMR {@code aws-kinesis} connector. */
  KINESIS,
  /** A directory of DMS JSON records, one per line: local runs, replays and tests. */
  FILES
}
