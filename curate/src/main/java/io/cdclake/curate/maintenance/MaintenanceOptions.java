package io.cdclake.curate.maintenance;

import java.util.Optional;
import java.util.Set;

/**
 * What a maintenance run does; {@link #defaults()} suits a daily schedule.
 *
 * @param optimize                 compact small files (OPTIMIZE)
 * @param zOrderByKey              cluster the compacted files by primary key (OPTIMIZE … ZORDER BY), which lets
 *                                 merges skip files; costs a full rewrite of the table each time
 * @param targetFileSizeBytes      file size OPTIMIZE aims for; empty keeps Delta's default (1 GiB)
 * @param vacuum                   delete files no longer referenced by the table (VACUUM)
 * @param vacuumRetentionHours     keep unreferenced files this long, for readers of older snapshots (time travel,
 *                                 queries still running on an older manifest)
 * @param allowShortRetention      allow a retention under Delta's 168-hour safety check; only for tables no
 *                                 reader can be in the middle of (tests, rebuilds)
 * @param tombstoneRetentionHours  how long a hard-delete table remembers deletes; a change older than this that
 *                                 arrives later could bring a deleted row back
 * @param onlyTables               curated table names to maintain; empty means every contract
 */
public record MaintenanceOptions(
    boolean optimize,
    boolean zOrderByKey,
    Optional<Long> targetFileSizeBytes,
    boolean vacuum,
    double vacuumRetentionHours,
    boolean allowShortRetention,
    long tombstoneRetentionHours,
    Set<String> onlyTables) {

  public static final double DELTA_SAFE_RETENTION_HOURS = 168;

  public MaintenanceOptions {
    if (vacuumRetentionHours < 0 || tombstoneRetentionHours < 0) {
      throw new IllegalArgumentException("retentions cannot be negative");
    }
    if (vacuum && vacuumRetentionHours < DELTA_SAFE_RETENTION_HOURS && !allowShortRetention) {
      throw new IllegalArgumentException("vacuum retention " + vacuumRetentionHours + "h is under Delta's safe "
          + DELTA_SAFE_RETENTION_HOURS + "h: readers of older snapshots could lose files; raise it, or allow a"
          + " short retention explicitly");
    }
    onlyTables = Set.copyOf(onlyTables);
  }

  public static MaintenanceOptions defaults() {
    return new MaintenanceOptions(true, false, Optional.empty(), true, DELTA_SAFE_RETENTION_HOURS, false,
        30 * 24, Set.of());
  }

  public MaintenanceOptions withZOrderByKey(boolean z) {
    return new MaintenanceOptions(optimize, z, targetFileSizeBytes, vacuum, vacuumRetentionHours,
        allowShortRetention, tombstoneRetentionHours, onlyTables);
  }

  public MaintenanceOptions withVacuumRetention(double hours, boolean allowShort) {
    return new MaintenanceOptions(optimize, zOrderByKey, targetFileSizeBytes, vacuum, hours, allowShort,
        tombstoneRetentionHours, onlyTables);
  }

  public MaintenanceOptions withTombstoneRetentionHours(long hours) {
    return new MaintenanceOptions(optimize, zOrderByKey, targetFileSizeBytes, vacuum, vacuumRetentionHours,
        allowShortRetention, hours, onlyTables);
  }

  public MaintenanceOptions withOnlyTables(Set<String> tables) {
    return new MaintenanceOptions(optimize, zOrderByKey, targetFileSizeBytes, vacuum, vacuumRetentionHours,
        allowShortRetention, tombstoneRetentionHours, tables);
  }

  public MaintenanceOptions withTargetFileSizeBytes(long bytes) {
    return new MaintenanceOptions(optimize, zOrderByKey, Optional.of(bytes), vacuum, vacuumRetentionHours,
        allowShortRetention, tombstoneRetentionHours, onlyTables);
  }

  boolean includes(String table) {
    return onlyTables.isEmpty() || onlyTables.contains(table);
  }
}
