package io.cdclake.common.lock;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cdclake.common.concurrent.Tasks;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease that keeps two runs of one job off the same checkpoint or tables, across drivers and clusters: one row
 * per lock name in a small Delta table ({@code <checkpoints>/_locks}, partitioned by name), taken and renewed by
 * MERGE. Two concurrent takers both commit to the name's partition; Delta's conflict detection fails one of them,
 * which then sees the winner's lease. It is exactly as safe as the lake's own commits: on S3 with more than one
 * writing cluster that needs Delta's DynamoDB log store, as the tables do (docs/operations.md).
 *
 * <p>A holder renews its lease every third of its time to live; one that dies leaves the lease to expire, and the
 * next taker takes over an expired lease. A holder whose renewal finds another owner has lost the lock and says so
 * ({@link #lost()}).
 */
public final class WriterLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLock.class);
  private static final StructType SCHEMA = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("owner", DataTypes.StringType, false)
      .add("acquired_at", DataTypes.TimestampType, false)
      .add("expires_at", DataTypes.TimestampType, false);
  /** Concurrent commits to the locks table are retried this often before giving up. */
  private static final int CONFLICT_RETRIES = 10;

  private final SparkSession spark;
  private final String path;
  private final String name;
  private final String owner;
  private final Duration ttl;
  private final Clock clock;
  private final ScheduledExecutorService heartbeat;
  private volatile boolean lost;
  private volatile Runnable onLost = () -> { };

  private WriterLock(SparkSession spark, String path, String name, String owner, Duration ttl, Clock clock) {
    this.spark = spark;
    this.path = path;
    this.name = name;
    this.owner = owner;
    this.ttl = ttl;
    this.clock = clock;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(Tasks.daemonThreads("lock-" + name));
  }

  /**
   * Takes {@code name} for this process, renewing it in the background until {@link #close()}.
   *
   * @throws LockHeldException when another holder's lease has not expired
   */
  public static WriterLock acquire(SparkSession spark, String locksPath, String name, Duration ttl) {
    String owner = ownerId(spark);
    WriterLock lock = take(spark, locksPath, name, owner, ttl, Clock.systemUTC());
    long every = Math.max(1, ttl.toMillis() / 3);
    lock.heartbeat.scheduleAtFixedRate(lock::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    return lock;
  }

  /** Takes the lease once, without a heartbeat (tests drive renewal and time themselves). */
  static WriterLock take(SparkSession spark, String locksPath, String name, String owner, Duration ttl,
      Clock clock) {
    WriterLock lock = new WriterLock(spark, locksPath, name, owner, ttl, clock);
    lock.claim(true);
    LOG.info("Lock '{}' taken by {} for {} s at a time", name, owner, ttl.toSeconds());
    return lock;
  }

  /** What to do when a renewal finds another owner (ingest stops its stream); runs on the heartbeat thread. */
  public WriterLock onLost(Runnable action) {
    this.onLost = action;
    return this;
  }

  /** Whether a renewal found another owner: the holder must stop writing. */
  public boolean lost() {
    return lost;
  }

  public String owner() {
    return owner;
  }

  /** Extends the lease; marks the lock lost when another owner holds it now. */
  void renew() {
    if (!lost) {
      try {
        claim(false);
      } catch (LockHeldException e) {
        lost = true;
        LOG.error("Lock '{}' lost by {}: {}", name, owner, e.getMessage());
        onLost.run();
      }
    }
  }

  private void renewQuietly() {
    try {
      renew();
    } catch (RuntimeException e) {
      // The lease outlives a few failed renewals (a third of its time each); a lasting failure ends in lost().
      LOG.warn("Lock '{}': renewal failed, retrying at the next beat: {}", name, e.toString());
    }
  }

  /** Releases the lease if still ours; never throws (a lease that is not released expires). */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      DeltaTable.forPath(spark, path).delete(col("name").equalTo(lit(name)).and(col("owner").equalTo(lit(owner))));
      LOG.info("Lock '{}' released by {}", name, owner);
    } catch (RuntimeException e) {
      LOG.warn("Lock '{}': could not release, it expires in at most {} s: {}", name, ttl.toSeconds(), e.toString());
    }
  }

  /** Inserts, takes over an expired lease, or (as its owner) extends it; then checks who holds it. */
  private void claim(boolean takeExpired) {
    ensureTable();
    Instant now = clock.instant();
    Row lease = RowFactory.create(name, owner, Timestamp.from(now), Timestamp.from(now.plus(ttl)));
    String takeable = "l.owner = s.owner" + (takeExpired ? " OR l.expires_at < s.acquired_at" : "");
    for (int attempt = 1; ; attempt++) {
      try {
        DeltaTable.forPath(spark, path).as("l")
            .merge(spark.createDataFrame(List.of(lease), SCHEMA).as("s"),
                "l.name = s.name AND l.name = '" + name.replace("'", "''") + "'")
            .whenMatched(takeable).updateExpr(java.util.Map.of("owner", "s.owner", "expires_at", "s.expires_at",
                "acquired_at", takeExpired ? "s.acquired_at" : "l.acquired_at"))
            .whenNotMatched().insertAll()
            .execute();
        break;
      } catch (RuntimeException e) {
        if (!isConflict(e) || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
        // Another taker committed first: its lease is visible on the next attempt.
      }
    }
    Row holder = spark.read().format("delta").load(path).where(col("name").equalTo(lit(name))).first();
    if (!owner.equals(holder.getString(1))) {
      throw new LockHeldException(name, holder.getString(1), holder.getTimestamp(3).toInstant());
    }
  }

  private void ensureTable() {
    if (DeltaTable.isDeltaTable(spark, path)) {
      return;
    }
    try {
      DeltaTable.createIfNotExists(spark).location(path).addColumns(SCHEMA).partitionedBy("name").execute();
    } catch (RuntimeException e) {
      if (!DeltaTable.isDeltaTable(spark, path)) {
        throw e; // not the race of two first takers creating it at once
      }
    }
  }

  private static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String type = t.getClass().getName();
      if (type.contains("Concurrent") || type.contains("ProtocolChanged") || type.contains("MetadataChanged")) {
        return true;
      }
    }
    return false;
  }

  private static String ownerId(SparkSession spark) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown-host";
    }
    return host + "/" + spark.sparkContext().applicationId() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }
}
