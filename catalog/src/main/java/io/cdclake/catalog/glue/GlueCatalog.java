package io.cdclake.catalog.glue;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

/**
 * The few Glue Data Catalog calls the sync makes, with Glue's own request and response types, so the sync logic
 * can run against an in-memory catalog in tests and against {@link SdkGlueCatalog} in production.
 *
 * <p>Semantics follow Glue: {@code create*} throw {@code AlreadyExistsException} when the entity exists,
 * {@code updateTable} throws {@code ConcurrentModificationException} when the request's version id is stale,
 * batch calls report per-partition errors in their response instead of throwing.
 */
public interface GlueCatalog extends AutoCloseable {
  Optional<Database> getDatabase(String name);

  void createDatabase(CreateDatabaseRequest request);

  Optional<Table> getTable(String database, String table);

  void createTable(CreateTableRequest request);

  void updateTable(UpdateTableRequest request);

  /** Every partition of the table (all pages). */
  List<Partition> getPartitions(String database, String table);

  BatchCreatePartitionResponse batchCreatePartition(BatchCreatePartitionRequest request);

  BatchUpdatePartitionResponse batchUpdatePartition(BatchUpdatePartitionRequest request);

  BatchDeletePartitionResponse batchDeletePartition(BatchDeletePartitionRequest request);

  @Override
  void close();
}
