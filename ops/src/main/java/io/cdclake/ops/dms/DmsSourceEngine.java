package io.cdclake.ops.dms;

import io.cdclake.common.config.SourceDatabase;
import io.cdclake.ops.ProvisionException;
import java.util.Locale;
import software.amazon.awssdk.services.databasemigration.model.Endpoint;

/**
 * The kind of source database a DMS source endpoint reads, from its engine name: {@code docdb} is DocumentDB, every
 * relational engine (mysql, postgres, aurora, oracle, sqlserver, ...) is relational. MongoDB and S3 sources write
 * records no contract describes, so they are refused rather than treated as relational.
 */
final class DmsSourceEngine {
  private DmsSourceEngine() {}

  static SourceDatabase of(Endpoint source) {
    String engine = source.engineName() == null ? "" : source.engineName().toLowerCase(Locale.ROOT);
    return switch (engine) {
      case "docdb" -> SourceDatabase.DOCUMENTDB;
      case "mongodb", "s3", "kinesis", "kafka", "dynamodb", "" -> throw new ProvisionException("DMS source endpoint "
          + source.endpointIdentifier() + " has engine '" + engine + "', which no data contract describes;"
          + " contracts replicate relational databases and DocumentDB (docdb) through DMS");
      default -> SourceDatabase.RELATIONAL;
    };
  }
}
