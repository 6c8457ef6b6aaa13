package io.cdclake.catalog.glue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

/**
 * A Glue Data Catalog in memory, with the behaviour the sync relies on: the entity exceptions, per-call batch
 * limits, version ids checked on update, and the fields Glue adds when it stores a table (so that a comparison
 * which only works on the sync's own inputs would be caught). Every write is recorded.
 */
final class InMemoryGlueCatalog implements GlueCatalog {
  final Map<String, Database> databases = new LinkedHashMap<>();
  final Map<String, Table> tables = new LinkedHashMap<>();
  final Map<String, Map<List<String>, Partition>> partitions = new LinkedHashMap<>();
  /** Every write request, in order. */
  final List<Object> writes = new ArrayList<>();
  /** Table versions Glue would have archived (updates without skipArchive). */
  int archivedVersions;
  private long clock = 1_700_000_000L;

  @Override
  public Optional<Database> getDatabase(String name) {
    return Optional.ofNullable(databases.get(name));
  }

  @Override
  public void createDatabase(CreateDatabaseRequest request) {
    writes.add(request);
    String name = request.databaseInput().name().toLowerCase(Locale.ROOT);
    if (databases.containsKey(name)) {
      throw AlreadyExistsException.builder().message("Database already exists.").build();
    }
    databases.put(name, Database.builder().name(name).description(request.databaseInput().description())
        .createTime(now()).catalogId("000000000000").build());
  }

  @Override
  public Optional<Table> getTable(String database, String table) {
    requireDatabase(database);
    return Optional.ofNullable(tables.get(key(database, table)));
  }

  @Override
  public void createTable(CreateTableRequest request) {
    writes.add(request);
    requireDatabase(request.databaseName());
    String key = key(request.databaseName(), request.tableInput().name());
    if (tables.containsKey(key)) {
      throw AlreadyExistsException.builder().message("Table already exists.").build();
    }
    tables.put(key, stored(request.databaseName(), request.tableInput(), "1", now()));
    partitions.put(key, new LinkedHashMap<>());
  }

  @Override
  public void updateTable(UpdateTableRequest request) {
    writes.add(request);
    String key = key(request.databaseName(), request.tableInput().name());
    Table existing = tables.get(key);
    if (existing == null) {
      throw EntityNotFoundException.builder().message("Table not found.").build();
    }
    if (request.versionId() != null && !request.versionId().equals(existing.versionId())) {
      throw ConcurrentModificationException.builder().message("version id mismatch").build();
    }
    if (!Boolean.TRUE.equals(request.skipArchive())) {
      archivedVersions++;
    }
    String version = Long.toString(Long.parseLong(existing.versionId()) + 1);
    tables.put(key, stored(request.databaseName(), request.tableInput(), version, existing.createTime()));
  }

  @Override
  public List<Partition> getPartitions(String database, String table) {
    return List.copyOf(partitionsOf(database, table).values());
  }

  @Override
  public BatchCreatePartitionResponse batchCreatePartition(BatchCreatePartitionRequest request) {
    writes.add(request);
    limit(request.partitionInputList().size(), GlueRequests.MAX_CREATE_PARTITIONS, "BatchCreatePartition");
    Map<List<String>, Partition> parts = partitionsOf(request.databaseName(), request.tableName());
    List<PartitionError> errors = new ArrayList<>();
    for (PartitionInput p : request.partitionInputList()) {
      if (parts.containsKey(p.values())) {
        errors.add(PartitionError.builder().partitionValues(p.values()).errorDetail(
            ErrorDetail.builder().errorCode("AlreadyExistsException").errorMessage("exists").build()).build());
      } else {
        parts.put(p.values(), partition(request.databaseName(), request.tableName(), p));
      }
    }
    return BatchCreatePartitionResponse.builder().errors(errors).build();
  }

  @Override
  public BatchUpdatePartitionResponse batchUpdatePartition(BatchUpdatePartitionRequest request) {
    writes.add(request);
    limit(request.entries().size(), GlueRequests.MAX_UPDATE_PARTITIONS, "BatchUpdatePartition");
    Map<List<String>, Partition> parts = partitionsOf(request.databaseName(), request.tableName());
    request.entries().forEach(e -> parts.put(e.partitionValueList(),
        partition(request.databaseName(), request.tableName(), e.partitionInput())));
    return BatchUpdatePartitionResponse.builder().build();
  }

  @Override
  public BatchDeletePartitionResponse batchDeletePartition(BatchDeletePartitionRequest request) {
    writes.add(request);
    limit(request.partitionsToDelete().size(), GlueRequests.MAX_DELETE_PARTITIONS, "BatchDeletePartition");
    Map<List<String>, Partition> parts = partitionsOf(request.databaseName(), request.tableName());
    for (PartitionValueList v : request.partitionsToDelete()) {
      parts.remove(v.values());
    }
    return BatchDeletePartitionResponse.builder().build();
  }

  @Override
  public void close() {}

  List<Object> writesOf(Class<?> type) {
    return writes.stream().filter(type::isInstance).toList();
  }

  /** What Glue returns for a stored input: names folded to lower case, and Glue's own fields filled in. */
  private Table stored(String database, TableInput in, String versionId, Instant createTime) {
    StorageDescriptor sd = in.storageDescriptor();
    return Table.builder()
        .name(in.name().toLowerCase(Locale.ROOT))
        .databaseName(database)
        .description(in.description())
        .owner(in.owner())
        .tableType(in.tableType())
        .parameters(in.hasParameters() ? new TreeMap<>(in.parameters()) : Map.of())
        .partitionKeys(in.hasPartitionKeys() ? lower(in.partitionKeys()) : List.of())
        .storageDescriptor(withGlueDefaults(sd))
        .createTime(createTime)
        .updateTime(now())
        .versionId(versionId)
        .catalogId("000000000000")
        .isRegisteredWithLakeFormation(false)
        .createdBy("arn:aws:iam::000000000000:user/test")
        .build();
  }

  private Partition partition(String database, String table, PartitionInput in) {
    return Partition.builder().databaseName(database).tableName(table).values(in.values())
        .storageDescriptor(withGlueDefaults(in.storageDescriptor())).creationTime(now()).catalogId("000000000000")
        .build();
  }

  private static StorageDescriptor withGlueDefaults(StorageDescriptor sd) {
    if (sd == null) {
      return null;
    }
    return sd.toBuilder()
        .columns(sd.hasColumns() ? lower(sd.columns()) : List.of())
        .compressed(false)
        .numberOfBuckets(-1)
        .bucketColumns(List.of())
        .sortColumns(List.of())
        .parameters(Map.of())
        .storedAsSubDirectories(false)
        .build();
  }

  private static List<Column> lower(List<Column> columns) {
    return columns.stream().map(c -> c.toBuilder().name(c.name().toLowerCase(Locale.ROOT)).build()).toList();
  }

  private Map<List<String>, Partition> partitionsOf(String database, String table) {
    Map<List<String>, Partition> parts = partitions.get(key(database, table));
    if (parts == null) {
      throw EntityNotFoundException.builder().message("Table " + table + " not found.").build();
    }
    return parts;
  }

  private void requireDatabase(String database) {
    if (!databases.containsKey(database)) {
      throw EntityNotFoundException.builder().message("Database " + database + " not found.").build();
    }
  }

  private static void limit(int size, int max, String call) {
    if (size > max) {
      throw InvalidInputException.builder().message(call + " accepts at most " + max + ", got " + size).build();
    }
  }

  private static String key(String database, String table) {
    return database.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
  }

  private Instant now() {
    return Instant.ofEpochSecond(clock++);
  }
}
