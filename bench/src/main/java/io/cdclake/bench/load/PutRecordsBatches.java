package io.cdclake.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits records into PutRecords requests within the Kinesis limits: at most 500 records and 5 MiB per request,
 * 1 MiB per record (data plus partition key), partition keys of 1 to 256 characters.
 */
public final class PutRecordsBatches {
  public static final int MAX_RECORDS = 500;
  public static final long MAX_REQUEST_BYTES = 5L * 1024 * 1024;
  public static final long MAX_RECORD_BYTES = 1024 * 1024;
  public static final int MAX_PARTITION_KEY_CHARS = 256;

  private PutRecordsBatches() {}

  /** Bytes a record counts for against the limits. */
  public static long size(LoadRecord r) {
    return r.bytes().length + r.partitionKey().getBytes(StandardCharsets.UTF_8).length;
  }

  public static List<List<LoadRecord>> split(List<LoadRecord> records) {
    List<List<LoadRecord>> out = new ArrayList<>();
    List<LoadRecord> current = new ArrayList<>();
    long currentBytes = 0;
    for (LoadRecord r : records) {
      long size = size(r);
      if (r.partitionKey().isEmpty() || r.partitionKey().length() > MAX_PARTITION_KEY_CHARS) {
        throw new IllegalArgumentException("partition key of a " + r.sourceId() + " record has "
            + r.partitionKey().length() + " characters; Kinesis accepts 1 to " + MAX_PARTITION_KEY_CHARS);
      }
      if (size > MAX_RECORD_BYTES) {
        throw new IllegalArgumentException("a " + r.sourceId() + " record is " + size
            + " bytes with its partition key; Kinesis accepts at most " + MAX_RECORD_BYTES);
      }
      if (current.size() == MAX_RECORDS || currentBytes + size > MAX_REQUEST_BYTES) {
        out.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(r);
      currentBytes += size;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}
