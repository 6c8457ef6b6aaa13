package io.cdclake.bench.load;

import java.io.IOException;
import java.util.List;

/** Where generated records go: a Kinesis stream, or files for the ingest {@code files} source. */
public interface RecordSink extends AutoCloseable {
  /** Sends one batch; returns once every record is durably accepted, or throws. */
  void write(List<LoadRecord> batch) throws IOException, InterruptedException;

  /** Requests (PutRecords calls, files) made so far. */
  long requests();

  /** Records that had to be sent again after a partial failure. */
  long retriedRecords();

  /** Finishes pending output (closes the open file); the sink is unusable afterwards. */
  @Override
  void close() throws IOException;
}
