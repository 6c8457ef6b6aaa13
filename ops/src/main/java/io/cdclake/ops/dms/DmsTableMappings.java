package io.cdclake.ops.dms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.Protection;
import io.cdclake.common.config.TableContract;
import io.cdclake.ops.plan.Json;
import java.util.List;

/**
 * The DMS table mappings that follow from the data contracts: one {@code include} selection rule per contract,
 * so that no table reaches the stream without a contract (and therefore without its column protections), and
 * one {@code remove-column} transformation per column the contract drops, so that a dropped column (CVV, track
 * data) never leaves the source database at all instead of being discarded at ingest.
 *
 * <p>Rule ids are assigned in contract order (contracts load in file-name order), so the same contracts always
 * give the same document and an unchanged task shows as unchanged.
 */
public final class DmsTableMappings {
  private DmsTableMappings() {}

  public static ObjectNode build(List<TableContract> contracts) {
    if (contracts.isEmpty()) {
      throw new IllegalArgumentException("no data contracts: a DMS task without selection rules replicates nothing");
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
      for (ColumnSpec column : c.columns()) {
        if (column.protection().orElse(null) != Protection.DROP) {
          continue;
        }
        ObjectNode remove = rules.addObject();
        remove.put("rule-type", "transformation");
        remove.put("rule-id", String.valueOf(id++));
        remove.put("rule-name", "drop-" + c.sourceSchema() + "-" + c.sourceTable() + "-" + column.name());
        remove.put("rule-target", "column");
        locator(remove, c).put("column-name", column.name());
        remove.put("rule-action", "remove-column");
      }
    }
    return doc;
  }

  private static ObjectNode locator(ObjectNode rule, TableContract c) {
    ObjectNode locator = rule.putObject("object-locator");
    locator.put("schema-name", c.sourceSchema());
    locator.put("table-name", c.sourceTable());
    return locator;
  }
}
