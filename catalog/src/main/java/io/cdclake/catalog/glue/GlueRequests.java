package io.cdclake.catalog.glue;

import io.cdclake.catalog.delta.ManifestPartition;
import io.cdclake.catalog.model.CatalogColumn;
import io.cdclake.catalog.model.TableDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.DatabaseInput;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

/** Glue requests for a {@link TableDefinition}. Pure: builds values, calls nothing. */
public final class GlueRequests {
  /** Glue's per-call limits. */
  static final int MAX_CREATE_PARTITIONS = 100;
  static final int MAX_UPDATE_PARTITIONS = 100;
  static final int MAX_DELETE_PARTITIONS = 25;

  static final String EXTERNAL_TABLE = "EXTERNAL_TABLE";

  private GlueRequests() {}

  public static CreateDatabaseRequest createDatabase(String database, String description) {
    return CreateDatabaseRequest.builder()
        .databaseInput(DatabaseInput.builder().name(database).description(description).build())
        .build();
  }

  public static TableInput tableInput(TableDefinition def) {
    return TableInput.builder()
        .name(def.name())
        .description(def.description())
        .owner(def.owner())
        .tableType(EXTERNAL_TABLE)
        .parameters(def.parameters())
        // Athena requires the key list even when empty.
        .partitionKeys(columns(def.partitionKeys()))
        .storageDescriptor(storageDescriptor(def, def.dataLocation()))
        .build();
  }

  public static CreateTableRequest createTable(TableDefinition def) {
    return CreateTableRequest.builder().databaseName(def.database()).tableInput(tableInput(def)).build();
  }

  /**
   * Replaces the table's definition, keeping the properties other tools put there (anything this project does
   * not own), and guarding against a concurrent writer with the version id that was read.
   *
   * @param skipArchive true when only bookkeeping changed (the synced Delta version): Glue then keeps no copy of
   *                    the previous definition, so a table synced every few minutes does not pile up table
   *                    versions towards Glue's quota
   */
  public static UpdateTableRequest updateTable(TableDefinition def, Table existing, boolean skipArchive) {
    Map<String, String> parameters = new HashMap<>();
    if (existing.hasParameters()) {
      existing.parameters().forEach((k, v) -> {
        if (!GlueComparison.isManaged(k)) {
          parameters.put(k, v);
        }
      });
    }
    parameters.putAll(def.parameters());
    return UpdateTableRequest.builder()
        .databaseName(def.database())
        .tableInput(tableInput(def).toBuilder().parameters(parameters).build())
        .versionId(existing.versionId())
        .skipArchive(skipArchive)
        .build();
  }

  public static StorageDescriptor storageDescriptor(TableDefinition def, String location) {
    return StorageDescriptor.builder()
        .columns(columns(def.columns()))
        .location(location)
        .inputFormat(def.storage().inputFormat())
        .outputFormat(def.storage().outputFormat())
        .serdeInfo(SerDeInfo.builder()
            .serializationLibrary(def.storage().serializationLibrary())
            .parameters(def.storage().serdeParameters())
            .build())
        .build();
  }

  /** A manifest partition: the table's storage descriptor pointed at the partition's manifest directory. */
  public static PartitionInput partitionInput(TableDefinition def, ManifestPartition partition) {
    return PartitionInput.builder()
        .values(partition.values())
        .storageDescriptor(storageDescriptor(def, partitionLocation(def, partition)))
        .build();
  }

  public static String partitionLocation(TableDefinition def, ManifestPartition partition) {
    return def.dataLocation() + partition.relative();
  }

  public static List<BatchCreatePartitionRequest> createPartitions(TableDefinition def, List<PartitionInput> inputs) {
    return chunks(inputs, MAX_CREATE_PARTITIONS, chunk -> BatchCreatePartitionRequest.builder()
        .databaseName(def.database()).tableName(def.name()).partitionInputList(chunk).build());
  }

  public static List<BatchUpdatePartitionRequest> updatePartitions(TableDefinition def, List<PartitionInput> inputs) {
    return chunks(inputs, MAX_UPDATE_PARTITIONS, chunk -> BatchUpdatePartitionRequest.builder()
        .databaseName(def.database()).tableName(def.name())
        .entries(chunk.stream()
            .map(p -> BatchUpdatePartitionRequestEntry.builder()
                .partitionValueList(p.values()).partitionInput(p).build())
            .toList())
        .build());
  }

  public static List<BatchDeletePartitionRequest> deletePartitions(
      String database, String table, List<List<String>> values) {
    return chunks(values, MAX_DELETE_PARTITIONS, chunk -> BatchDeletePartitionRequest.builder()
        .databaseName(database).tableName(table)
        .partitionsToDelete(chunk.stream().map(v -> PartitionValueList.builder().values(v).build()).toList())
        .build());
  }

  static List<Column> columns(List<CatalogColumn> columns) {
    return columns.stream()
        .map(c -> {
          Column.Builder b = Column.builder().name(c.name()).type(c.hiveType());
          c.comment().ifPresent(b::comment);
          return b.build();
        })
        .toList();
  }

  private static <T, R> List<R> chunks(List<T> items, int size, Function<List<T>, R> request) {
    List<R> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(request.apply(List.copyOf(items.subList(i, Math.min(items.size(), i + size)))));
    }
    return out;
  }
}
