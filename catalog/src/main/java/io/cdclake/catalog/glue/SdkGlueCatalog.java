package io.cdclake.catalog.glue;

import io.cdclake.common.config.CatalogConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

/**
 * {@link GlueCatalog} over the AWS SDK. Credentials come from the default provider chain (the EMR instance role,
 * or the environment locally); nothing here reads or holds a secret.
 */
public final class SdkGlueCatalog implements GlueCatalog {
  private final GlueClient client;

  public SdkGlueCatalog(GlueClient client) {
    this.client = client;
  }

  /** A client for the configured region, with the endpoint override (LocalStack) when one is set. */
  public static SdkGlueCatalog create(CatalogConfig config) {
    GlueClientBuilder builder = GlueClient.builder().region(Region.of(config.region()));
    config.endpointUrl().ifPresent(url -> builder.endpointOverride(URI.create(url)));
    return new SdkGlueCatalog(builder.build());
  }

  @Override
  public Optional<Database> getDatabase(String name) {
    try {
      return Optional.of(client.getDatabase(r -> r.name(name)).database());
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public void createDatabase(CreateDatabaseRequest request) {
    client.createDatabase(request);
  }

  @Override
  public Optional<Table> getTable(String database, String table) {
    try {
      return Optional.of(client.getTable(r -> r.databaseName(database).name(table)).table());
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public void createTable(CreateTableRequest request) {
    client.createTable(request);
  }

  @Override
  public void updateTable(UpdateTableRequest request) {
    client.updateTable(request);
  }

  @Override
  public List<Partition> getPartitions(String database, String table) {
    List<Partition> out = new ArrayList<>();
    client.getPartitionsPaginator(GetPartitionsRequest.builder().databaseName(database).tableName(table).build())
        .forEach(page -> out.addAll(page.partitions()));
    return out;
  }

  @Override
  public BatchCreatePartitionResponse batchCreatePartition(BatchCreatePartitionRequest request) {
    return client.batchCreatePartition(request);
  }

  @Override
  public BatchUpdatePartitionResponse batchUpdatePartition(BatchUpdatePartitionRequest request) {
    return client.batchUpdatePartition(request);
  }

  @Override
  public BatchDeletePartitionResponse batchDeletePartition(BatchDeletePartitionRequest request) {
    return client.batchDeletePartition(request);
  }

  @Override
  public void close() {
    client.close();
  }
}
