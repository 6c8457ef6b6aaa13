package io.cdclake.ingest.decode;

import io.cdclake.common.raw.RawColumns;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.ingest.source.SourceColumns;
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

  SourceRecords(Instant arrival) {
    this.arrival = arrival;
  }

  SourceRecords add(String json) {
    int n = rows.size() + 1;
    String seq = "0".repeat(RawColumns.STREAM_SEQUENCE_WIDTH - Integer.toString(n).length()) + n;
    rows.add(RowFactory.create(json, Timestamp.from(arrival), seq, "pk-" + n, "test:" + n));
    return this;
  }

  Dataset<Row> frame() {
    return SharedSpark.get().createDataFrame(rows, SourceColumns.schema());
  }
}
