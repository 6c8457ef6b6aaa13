package io.cdclake.ops.dms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.Protection;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.ops.plan.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DMS table mappings that follow from the data contracts of one kind of source database (a DMS task reads one
 * source endpoint): one {@code include} selection rule per contract of that kind, so that no table reaches the
 * stream without a contract (and therefore without its column protections), and one {@code remove-column}
 * transformation per column the contract drops, so that a dropped column (CVV, track data) never leaves the source
 * database at all instead of being discarded at ingest. A relational task also gets one {@code add-column}
 * transformation for every table that adds the source's change sequence ({@code $AR_H_CHANGE_SEQ}) as the data
 * column {@code ar_h_change_seq}, which curate orders changes by.
 *
 * <p>DynamoDB tables never appear: they reach the stream through Kinesis Data Streams for DynamoDB. DocumentDB
 * collections get no change-sequence rule, since DMS's documentation does not say its header columns exist for a
 * DocumentDB source (so their records carry no {@code ar_h_change_seq}), and in document mode no
 * {@code remove-column} rule, because the fields travel inside the one {@code _doc} column, which DMS cannot take
 * apart ({@link #documentModeDrops}).
 *
 * <p>Rule ids are assigned in contract order (contracts load in file-name order), so the same contracts always
 * give the same document and an unchanged task shows as unchanged.
 */
public final class DmsTableMappings {
  private DmsTableMappings() {}

  public static ObjectNode build(List<TableContract> allContracts, SourceDatabase database) {
    if (database == SourceDatabase.DYNAMODB) {
      throw new IllegalArgumentException("DynamoDB tables reach the stream through Kinesis Data Streams for DynamoDB,"
          + " never through a DMS task");
    }
    List<TableContract> contracts = of(allContracts, database);
    if (contracts.isEmpty()) {
      throw new IllegalArgumentException("no data contract has source.database "
          + database.name().toLowerCase(Locale.ROOT) + ": a DMS task without selection rules replicates nothing");
    }
    ObjectNode doc = Json.object();
    ArrayNode rules = doc.putArray("rules");
    int id = 1;
    for (TableContract c : contracts) {
      ObjectNode include = rules.addObject();
      include.put("rule-type", "selection");
      include.put("rule-id", String.valueOf(id++));
      include.put("rule-name", "include-" + c.sourceSchema() + "-" + c.sourceTable());
      locator(include, c);
      include.put("rule-action", "include");
      include.putArray("filters");
    }
    for (TableContract c : contracts) {
      if (c.source().documentMode()) {
        continue;
      }
      for (ColumnSpec column : dropped(c)) {
        ObjectNode remove = rules.addObject();
        remove.put("rule-type", "transformation");
        remove.put("rule-id", String.valueOf(id++));
        remove.put("rule-name", "drop-" + c.sourceSchema() + "-" + c.sourceTable() + "-" + column.sourcePath());
        remove.put("rule-target", "column");
        // DMS knows the column by its source name; a protected column's path names no nested value.
        locator(remove, c).put("column-name", column.sourcePath());
        remove.put("rule-action", "remove-column");
      }
    }
    if (database != SourceDatabase.RELATIONAL) {
      return doc;
    }
    // The source's change sequence on every record, as a data column: curate orders by it, and a change DMS resends
    // after a restart (with a new DMS timestamp) is then recognised as the same change.
    ObjectNode seq = rules.addObject();
    seq.put("rule-type", "transformation");
    seq.put("rule-id", String.valueOf(id));
    seq.put("rule-name", "add-change-sequence");
    seq.put("rule-target", "column");
    ObjectNode all = seq.putObject("object-locator");
    all.put("schema-name", "%");
    all.put("table-name", "%");
    seq.put("rule-action", "add-column");
    seq.put("value", RawColumns.CHANGE_SEQ_HEADER);
    seq.put("expression", "$AR_H_CHANGE_SEQ");
    ObjectNode type = seq.putObject("data-type");
    type.put("type", "string");
    type.put("length", 50);
    return doc;
  }

  /** The contracts a task reading from {@code database} selects, in contract order. */
  public static List<TableContract> of(List<TableContract> contracts, SourceDatabase database) {
    return contracts.stream().filter(c -> c.database() == database).toList();
  }

  /**
   * {@code schema.collection.column} of every dropped column of a DocumentDB collection in document mode: DMS
   * sends them inside {@code _doc}, so only ingest can drop them.
   */
  public static List<String> documentModeDrops(List<TableContract> contracts) {
    List<String> out = new ArrayList<>();
    for (TableContract c : of(contracts, SourceDatabase.DOCUMENTDB)) {
      if (c.source().documentMode()) {
        dropped(c).forEach(column -> out.add(c.sourceId() + "." + column.sourcePath()));
      }
    }
    return out;
  }

  private static List<ColumnSpec> dropped(TableContract c) {
    return c.columns().stream().filter(column -> column.protection().orElse(null) == Protection.DROP).toList();
  }

  private static ObjectNode locator(ObjectNode rule, TableContract c) {
    ObjectNode locator = rule.putObject("object-locator");
    locator.put("schema-name", c.sourceSchema());
    locator.put("table-name", c.sourceTable());
    return locator;
  }
}
