package io.cdclake.common.raw;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.config.Zones;

/** Where each piece of the lake lives under the configured zones. One place, so no stage guesses a path. */
public final class LakePaths {
  private final Zones zones;

  public LakePaths(Zones zones) {
    this.zones = zones;
  }

  /** {@code <raw>/<schema>/<table>}: the table's Parquet, partitioned {@code year=/month=/day=}. */
  public String rawTable(TableContract t) {
    return join(zones.raw(), t.sourceSchema(), t.sourceTable());
  }

  /** {@code <raw>/_control}: DMS control records (DDL, task events), kept for audit. */
  public String rawControl() {
    return join(zones.raw(), "_control");
  }

  /** {@code <quarantine>/<stage>}: what a stage could not process, with the reason. */
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
