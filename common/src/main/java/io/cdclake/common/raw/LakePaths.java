package io.cdclake.common.raw;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.config.Zones;

/** Where each piece of the lake lives under the configured zones. One place, so no stage guesses a path. */
public final class LakePaths {
  private final Zones zones;

  public LakePaths(Zones zones) {
    this.zones = zones;
  }

  /**
   * {@code <raw>/changes}: the raw zone, one Delta table for every table of the stream, partitioned
   * {@code source_table=<schema.table>/year=/month=/day=} (control records under {@code source_table=_control}).
   */
  public String rawChanges() {
    return join(zones.raw(), "changes");
  }

  /** {@code <raw>/changes/source_table=<schema.table>}: one table's raw rows, for browsing. */
  public String rawTable(TableContract t) {
    return join(rawChanges(), RawColumns.SOURCE_TABLE + "=" + t.sourceId());
  }

  /** {@code <quarantine>/<stage>}: what a stage could not process, with the reason (a Delta table for ingest). */
  public String quarantine(String stage) {
    return join(zones.quarantine(), stage);
  }

  /** {@code <curated>/<curated table>}: the table's Delta log and data. */
  public String curatedTable(TableContract t) {
    return join(zones.curated(), t.curatedTable());
  }

  /** {@code <checkpoints>/<job>}: one streaming checkpoint per query. */
  public String checkpoint(String job) {
    return join(zones.checkpoints(), job);
  }

  static String join(String root, String... parts) {
    StringBuilder sb = new StringBuilder(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
    for (String p : parts) {
      sb.append('/').append(p);
    }
    return sb.toString();
  }
}
