package io.cdclake.curate.testing;

import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Terse DMS records for hand-written scenarios: times are seconds after a fixed epoch. */
public final class Dms {
  public static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");

  private Dms() {}

  public static Map<String, Object> row(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  public static Instant at(double seconds) {
    return T0.plusNanos((long) (seconds * 1_000_000_000L));
  }

  /** A change committed at {@code commitSeconds}, as record {@code recordId} of its transaction. */
  public static DmsRecord change(DmsOperation op, String schema, String table, double commitSeconds, long recordId,
      Map<String, Object> data) {
    Instant commit = at(commitSeconds);
    return DmsRecord.data(op, schema, table, commit.plusNanos(recordId * 1000), data)
        .withTransaction(new DmsRecord.Transaction("tx" + (long) (commitSeconds * 1000), Optional.empty(), recordId,
            commit, Optional.of(String.format("%016X", (long) (commitSeconds * 1000) * 100 + recordId))));
  }

  public static DmsRecord update(String schema, String table, double commitSeconds, long recordId,
      Map<String, Object> before, Map<String, Object> after) {
    return change(DmsOperation.UPDATE, schema, table, commitSeconds, recordId, after).withBeforeImage(before);
  }

  /** A full-load record: no transaction details, only the DMS time. */
  public static DmsRecord load(String schema, String table, double seconds, Map<String, Object> data) {
    return DmsRecord.data(DmsOperation.LOAD, schema, table, at(seconds), data);
  }
}
