package io.cdclake.ops.dms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.TableContract;
import io.cdclake.ops.ProvisionException;
import io.cdclake.ops.plan.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.databasemigration.model.DocDbSettings;
import software.amazon.awssdk.services.databasemigration.model.Endpoint;
import software.amazon.awssdk.services.databasemigration.model.NestingLevelValue;

/**
 * A DocumentDB source endpoint's metadata mode, which its contracts decide: {@code NestingLevel} {@code none} is
 * DMS's document mode ({@code _doc} holds the document), {@code one} its table mode (fields flattened into
 * columns). In document mode {@code ExtractDocId} is on as well, so each record carries {@code _id}, the key of
 * the curated table; DMS asks for it whenever changes are captured. Everything else (server, credentials, database)
 * is the operator's and is kept.
 */
final class DocDbSource {
  private DocDbSource() {}

  /** The DocumentDB contracts this endpoint reads: those of its database, or all when it names none. */
  static List<TableContract> contracts(Endpoint endpoint, List<TableContract> all) {
    String database = database(endpoint);
    return DmsTableMappings.of(all, SourceDatabase.DOCUMENTDB).stream()
        .filter(c -> database.isEmpty() || c.sourceSchema().equals(database)).toList();
  }

  /** Whether the endpoint's contracts want document mode; they must agree, since the endpoint has one mode. */
  static boolean documentMode(Endpoint endpoint, List<TableContract> all) {
    List<TableContract> mine = contracts(endpoint, all);
    if (mine.isEmpty()) {
      String database = database(endpoint);
      throw new ProvisionException("DMS DocumentDB endpoint " + endpoint.endpointIdentifier() + " reads database '"
          + (database.isEmpty() ? "(every database)" : database) + "', for which no data contract has"
          + " source.database documentdb; add the contracts or leave the endpoint out of --endpoint-arn");
    }
    Map<Boolean, List<String>> byMode = mine.stream().collect(Collectors.partitioningBy(
        c -> c.source().documentMode(), Collectors.mapping(TableContract::contractFile, Collectors.toList())));
    if (!byMode.get(true).isEmpty() && !byMode.get(false).isEmpty()) {
      throw new ProvisionException("DMS DocumentDB endpoint " + endpoint.endpointIdentifier() + " has one metadata"
          + " mode (NestingLevel), but its contracts disagree: mode document in " + byMode.get(true)
          + ", mode table in " + byMode.get(false) + "; give them one mode, or a second endpoint and task");
    }
    return !byMode.get(true).isEmpty();
  }

  static DocDbSettings desired(DocDbSettings current, boolean documentMode) {
    DocDbSettings.Builder b = current == null ? DocDbSettings.builder() : current.toBuilder();
    b.nestingLevel(nesting(documentMode));
    if (documentMode) {
      b.extractDocId(true);
    }
    return b.build();
  }

  static NestingLevelValue nesting(boolean documentMode) {
    return documentMode ? NestingLevelValue.NONE : NestingLevelValue.ONE;
  }

  /** DMS's default when the endpoint states none is document mode. */
  static NestingLevelValue nesting(DocDbSettings settings) {
    return settings == null || settings.nestingLevel() == null ? NestingLevelValue.NONE : settings.nestingLevel();
  }

  /** The managed settings as the plan shows them, with the database for context. */
  static ObjectNode view(Endpoint endpoint, DocDbSettings s) {
    ObjectNode n = Json.object();
    n.put("DatabaseName", database(endpoint));
    n.put("NestingLevel", nesting(s).toString());
    n.put("ExtractDocId", s != null && Boolean.TRUE.equals(s.extractDocId()));
    return n;
  }

  private static String database(Endpoint endpoint) {
    DocDbSettings s = endpoint.docDbSettings();
    String name = s != null && s.databaseName() != null ? s.databaseName() : endpoint.databaseName();
    return name == null ? "" : name;
  }
}
