package io.cdclake.ingest.source;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A streaming source of DMS messages, normalised to {@link SourceColumns}. */
public interface RecordSource {
  /** The unbounded input, with exactly the columns of {@link SourceColumns#schema()}. */
  Dataset<Row> open(SparkSession spark);

  /** For logs: what is being read, never credentials. */
  String describe();
}
