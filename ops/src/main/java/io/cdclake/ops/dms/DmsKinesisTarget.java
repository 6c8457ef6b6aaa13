package io.cdclake.ops.dms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.ops.plan.Json;
import software.amazon.awssdk.services.databasemigration.model.KinesisSettings;
import software.amazon.awssdk.services.databasemigration.model.MessageFormatValue;

/**
 * Kinesis target-endpoint settings the ingest job depends on. The stream and the role DMS writes with are the
 * operator's choice and are kept; the message shape is not negotiable:
 * <ul>
 *   <li>{@code json-unformatted}: one record per line, no pretty printing (the ingest parser is line-agnostic,
 *       but formatted JSON wastes shard throughput);</li>
 *   <li>transaction details: commit timestamp, transaction id and record id, which order changes in curate;</li>
 *   <li>control details and table-alter operations: DDL and task events land in the raw control area;</li>
 *   <li>partition value with schema and table: the Kinesis partition key is schema, table and primary key, so
 *       every change of one row goes to one shard, in order;</li>
 *   <li>null and empty values: an update that sets a column to NULL must say so, not omit the column.</li>
 * </ul>
 */
public final class DmsKinesisTarget {
  private DmsKinesisTarget() {}

  /** {@code current} (may be null) with every setting above enforced. */
  public static KinesisSettings desired(KinesisSettings current) {
    KinesisSettings.Builder b = current == null ? KinesisSettings.builder() : current.toBuilder();
    return b.messageFormat(MessageFormatValue.JSON_UNFORMATTED)
        .includeTransactionDetails(true)
        .includeControlDetails(true)
        .includeTableAlterOperations(true)
        .includePartitionValue(true)
        .partitionIncludeSchemaTable(true)
        .includeNullAndEmpty(true)
        .build();
  }

  /** The settings as the plan shows them: the managed flags plus the stream and role for context. */
  public static ObjectNode view(KinesisSettings s) {
    ObjectNode n = Json.object();
    n.put("StreamArn", s.streamArn());
    n.put("ServiceAccessRoleArn", s.serviceAccessRoleArn());
    n.put("MessageFormat", s.messageFormatAsString());
    n.put("IncludeTransactionDetails", s.includeTransactionDetails());
    n.put("IncludeControlDetails", s.includeControlDetails());
    n.put("IncludeTableAlterOperations", s.includeTableAlterOperations());
    n.put("IncludePartitionValue", s.includePartitionValue());
    n.put("PartitionIncludeSchemaTable", s.partitionIncludeSchemaTable());
    n.put("IncludeNullAndEmpty", s.includeNullAndEmpty());
    return n;
  }
}
