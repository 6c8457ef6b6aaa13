package io.cdclake.status;

import java.time.Instant;

/** One ingest micro-batch as the raw table's commit history shows it. */
public record IngestBatch(long version, Instant committed, long rowsWritten) {}
