package io.cdclake.ops.dms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.common.dms.DmsFields;
import io.cdclake.ops.plan.Json;

/**
 * The replication-task settings provisioning owns: {@code BeforeImageSettings}, so that an update that changes
 * a primary key carries the old key and curate can retire the old row. Every other setting of the task is kept
 * as the operator configured it; the whole document is sent back because DMS replaces settings wholesale.
 */
public final class DmsTaskSettings {
  public static final String SECTION = "BeforeImageSettings";

  private DmsTaskSettings() {}

  /** The section provisioning wants. The field name is the one ingest parses ({@link DmsFields#BEFORE_IMAGE}). */
  public static ObjectNode beforeImage(BeforeImageColumns columns) {
    ObjectNode section = Json.object();
    section.put("EnableBeforeImage", true);
    section.put("FieldName", DmsFields.BEFORE_IMAGE);
    section.put("ColumnFilter", columns.dmsValue());
    return section;
  }

  /** {@code current} with its before-image section replaced; {@code current} itself is not modified. */
  public static ObjectNode merged(JsonNode current, BeforeImageColumns columns) {
    ObjectNode out = current == null || !current.isObject() ? Json.object() : ((ObjectNode) current).deepCopy();
    out.set(SECTION, beforeImage(columns));
    return out;
  }
}
