package io.cdclake.ingest.decode;

import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.source.SourceColumns;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Builds static frames of normalised source records, the decoder's input, without any I/O. */
final class SourceRecords {
  private final List<Row> rows = new ArrayList<>();
  private final Instant arrival;

  /** @param arrival the arrival time of every record; null for a source that did not set one */
  SourceRecords(Instant arrival) {
    this.arrival = arrival;
  }

  /** Adds a record: the UTF-8 bytes of {@code json}, at position {@code test:<n>}, n counting from 1. */
  SourceRecords add(String json) {
    return add(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a record of any bytes (not necessarily UTF-8). */
  SourceRecords add(byte[] value) {
    return add(value, "pk-" + (rows.size() + 1));
  }

  /** Adds a record under the given Kinesis partition key (DMS sets it to the primary key's value). */
  SourceRecords add(byte[] value, String partitionKey) {
    int n = rows.size() + 1;
    rows.add(RowFactory.create(value, arrival == null ? null : Timestamp.from(arrival), sequence(n), partitionKey,
        "test:" + n));
    return this;
  }

  /** The stream sequence of the {@code n}-th record added. */
  static String sequence(int n) {
    return "0".repeat(RawColumns.STREAM_SEQUENCE_WIDTH - Integer.toString(n).length()) + n;
  }

  Dataset<Row> frame() {
    return SharedSpark.get().createDataFrame(rows, SourceColumns.schema());
  }
}
