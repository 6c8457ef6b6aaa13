package io.cdclake.ingest.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;

import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.pci.HashKey;
import io.cdclake.common.raw.LakePaths;
import io.cdclake.common.raw.RawColumns;
import io.cdclake.ingest.decode.BatchDecoder;
import io.cdclake.ingest.decode.DecodedRecord;
import io.cdclake.ingest.decode.Quarantine;
import io.cdclake.ingest.source.SourceColumns;
import io.cdclake.ingest.write.RawZoneWriter;
import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code replay-quarantine}: feeds the ingest quarantine's records of some tables back through the decoder under
 * the current contracts (typically after adding the missing contract), appends what now decodes to the raw zone and
 * removes it from quarantine; what still does not decode stays, with its reason.
 *
 * <p>Exactly once: the raw append is an idempotent Delta write whose version is the quarantine table's version
 * that was read, so a replay that dies after the append and is run again skips the append; the removal from
 * quarantine then completes. The quarantine keeps payloads with card numbers masked, so a replayed protected column
 * is the protection of its masked value (never a clear number); replayed rows carry ingest batch id -1.
 */
public final class QuarantineReplay {
  private static final Logger LOG = LoggerFactory.getLogger(QuarantineReplay.class);
  public static final long REPLAY_BATCH_ID = -1;

  /** What a replay did, per table: records read, written to raw, still quarantined. */
  public record Report(Map<String, Long> read, Map<String, Long> replayed, Map<String, Long> stillQuarantined) {
    public String render() {
      StringBuilder sb = new StringBuilder("replay-quarantine:\n");
      for (String t : new TreeSet<>(read.keySet())) {
        sb.append("  ").append(t).append(": ").append(read.get(t)).append(" read, ")
            .append(replayed.getOrDefault(t, 0L)).append(" replayed into the raw zone, ")
            .append(stillQuarantined.getOrDefault(t, 0L)).append(" still quarantined\n");
      }
      if (read.isEmpty()) {
        sb.append("  nothing quarantined for these tables\n");
      }
      return sb.toString();
    }
  }

  private QuarantineReplay() {}

  public static Report run(SparkSession spark, PipelineConfig config, HashKey key, Set<String> sourceIds) {
    LakePaths paths = new LakePaths(config.zones());
    String quarantinePath = paths.quarantine(RawZoneWriter.STAGE);
    if (!DeltaTable.isDeltaTable(spark, quarantinePath)) {
      return new Report(Map.of(), Map.of(), Map.of());
    }
    long version = DeltaTable.forPath(spark, quarantinePath).history(1).select("version").head().getLong(0);
    Column table = concat(col(Quarantine.SCHEMA_NAME), lit("."), col(Quarantine.TABLE_NAME));
    Dataset<Row> held = spark.read().format("delta").option("versionAsOf", version).load(quarantinePath)
        .where(table.isin(sourceIds.toArray()));
    Dataset<Row> records = held.select(
        encode(col(Quarantine.PAYLOAD), "UTF-8").as(SourceColumns.VALUE),
        col(RawColumns.ARRIVAL_TIMESTAMP).as(SourceColumns.ARRIVAL_TIMESTAMP),
        col(RawColumns.STREAM_SEQUENCE).as(SourceColumns.STREAM_SEQUENCE),
        col(RawColumns.STREAM_PARTITION_KEY).as(SourceColumns.PARTITION_KEY),
        col(Quarantine.SOURCE_POSITION).as(SourceColumns.POSITION),
        table.as("__quarantined_table"));
    BatchDecoder decoder = BatchDecoder.of(config.tables(), key);
    Dataset<Row> decoded = decoder.decode(records).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> read = new TreeMap<>();
      Map<String, Long> replayed = new TreeMap<>();
      Map<String, Long> still = new TreeMap<>();
      for (Row r : decoded.groupBy(col("__quarantined_table"), col(BatchDecoder.KIND)).count().collectAsList()) {
        String t = r.getString(0);
        long n = r.getLong(2);
        read.merge(t, n, Long::sum);
        (DecodedRecord.Kind.QUARANTINE.code().equals(r.getString(1)) ? still : replayed).merge(t, n, Long::sum);
      }
      if (!replayed.isEmpty()) {
        String appId = "cdclake-replay-quarantine/" + String.join(",", new TreeSet<>(sourceIds));
        RawZoneWriter.append(decoder.raw(decoded, REPLAY_BATCH_ID), paths.rawChanges(), RawColumns.PARTITIONS,
            replayed, Map.of("txnAppId", appId, "txnVersion", Long.toString(version)));
        Dataset<Row> done = decoded.where(col(BatchDecoder.KIND).notEqual(lit(DecodedRecord.Kind.QUARANTINE.code())))
            .select(col(SourceColumns.STREAM_SEQUENCE).as("seq"), col(SourceColumns.POSITION).as("pos"));
        DeltaTable.forPath(spark, quarantinePath).as("q")
            .merge(done.as("d"), col("q." + RawColumns.STREAM_SEQUENCE).eqNullSafe(col("d.seq"))
                .and(col("q." + Quarantine.SOURCE_POSITION).eqNullSafe(col("d.pos"))))
            .whenMatched().delete()
            .execute();
      }
      Report report = new Report(read, replayed, still);
      LOG.info("{}", report.render());
      return report;
    } finally {
      decoded.unpersist();
    }
  }

  /** For the command line: the source ids a user named, checked against the contracts. */
  public static Set<String> tables(PipelineConfig config, List<String> named) {
    Set<String> out = new TreeSet<>();
    for (String n : named) {
      if (!config.tablesBySourceId().containsKey(n)) {
        throw new IllegalArgumentException("replay-quarantine: no data contract for source table '" + n
            + "' (expected schema.table, one of " + new TreeSet<>(config.tablesBySourceId().keySet())
            + "); add its contract under conf/contracts first");
      }
      out.add(n);
    }
    return out;
  }
}
