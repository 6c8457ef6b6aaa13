package io.cdclake.ops.dms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.Protection;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.ops.plan.Json;
import java.util.List;

/**
 * The DMS table mappings that follow from the data contracts: one {@code include} selection rule per contract,
 * so that no table reaches the stream without a contract (and therefore without its column protections), and
 * one {@code remove-column} transformation per column the contract drops, so that a dropped column (CVV, track
 * data) never leaves the source database at all instead of being discarded at ingest; and one {@code add-column}
 * transformation for every table that adds the source's change sequence ({@code $AR_H_CHANGE_SEQ}) as the data
 * column {@code ar_h_change_seq}, which curate orders changes by.
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

  private static ObjectNode locator(ObjectNode rule, TableContract c) {
    ObjectNode locator = rule.putObject("object-locator");
    locator.put("schema-name", c.sourceSchema());
    locator.put("table-name", c.sourceTable());
    return locator;
  }
}
