package io.cdclake.bench.load;

import io.cdclake.common.dms.DmsOperation;
import java.nio.charset.StandardCharsets;

/**
 * One generated DMS message, ready for a sink.
 *
 * @param sourceId     {@code schema.table} of the record
 * @param partitionKey Kinesis partition key, chosen as the DMS endpoint would
 * @param json         the DMS JSON message, one line
 * @param operation    what the record does (for the generator's statistics)
 * @param createdAtMs  wall-clock time the record was generated, also carried in the record as
 *                     {@link ChangeSource#CREATED_AT_MS}
 */
public record LoadRecord(String sourceId, String partitionKey, String json, DmsOperation operation,
    long createdAtMs) {

  public byte[] bytes() {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
