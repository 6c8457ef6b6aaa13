package io.cdclake.common.dms.synth;

import io.cdclake.common.dms.DmsRecord;
import java.time.Instant;
import java.util.List;

/**
 * A DMS reload of a generated table, as DMS sends it.
 *
 * @param start   when the reload started by the task's DMS clock (what DMS reports, and what
 *                {@code Main rebuild --reload-start} is given): no load record of it is older
 * @param records the load records of every row the table held, then the changes committed while it read them
 */
public record Reload(Instant start, List<DmsRecord> records) {
  public Reload {
    records = List.copyOf(records);
  }
}
