package io.cdclake.bench.load;

import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.dms.synth.ChangeMix;
import io.cdclake.common.dms.synth.ChangeStreamGenerator;
import io.cdclake.common.dms.synth.SourceRecords;
import io.cdclake.common.dms.synth.SyntheticTable;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Change records for several tables sharing one stream, as the load generator sends them: DMS JSON for relational
 * tables and DocumentDB collections, DynamoDB change records for DynamoDB tables ({@link SourceRecords}). Record content
 * comes from the shared seeded {@link ChangeStreamGenerator} (one per table); this class only interleaves the
 * tables by weight, picks partition keys, and stamps each record with its creation time in the data column
 * {@link #CREATED_AT_MS}, so latency to the raw zone and to the curated table can be measured from the data
 * itself.
 *
 * <p>Each table's records keep their source order; tables interleave as DMS interleaves transactions of
 * different tables. A table's full load, if asked for, comes before any of its changes.
 */
public final class ChangeSource {
  /** Data column holding the record's creation time, epoch milliseconds (a {@code bigint} in contracts). */
  public static final String CREATED_AT_MS = "created_at_ms";

  private final List<TableLoad> tables;
  private final List<ChangeStreamGenerator> generators = new ArrayList<>();
  private final List<Deque<DmsRecord>> fullLoads = new ArrayList<>();
  private final double totalWeight;
  private final PartitionKeyMode partitionKeys;
  private final FillerColumns filler;
  private final Random choice;

  public ChangeSource(List<TableLoad> tables, ChangeMix mix, long seed, Instant start,
      PartitionKeyMode partitionKeys) {
    this(tables, mix, seed, start, partitionKeys, FillerColumns.none());
  }

  /** @param filler extra columns added to every row image (and before-image), to widen the records */
  public ChangeSource(List<TableLoad> tables, ChangeMix mix, long seed, Instant start,
      PartitionKeyMode partitionKeys, FillerColumns filler) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("at least one table is needed");
    }
    this.tables = List.copyOf(tables);
    this.partitionKeys = partitionKeys;
    this.filler = filler;
    this.choice = new Random(seed);
    double weights = 0;
    for (int i = 0; i < this.tables.size(); i++) {
      TableLoad t = this.tables.get(i);
      // Distinct seeds per table: identical tables must not produce identical streams.
      ChangeStreamGenerator g = new ChangeStreamGenerator(t.table(), mix, seed * 31 + i, start);
      generators.add(g);
      fullLoads.add(new ArrayDeque<>(t.fullLoadRows() > 0 ? g.fullLoad(t.fullLoadRows()) : List.of()));
      weights += t.weight();
    }
    this.totalWeight = weights;
  }

  /** The next {@code count} records, all stamped with {@code createdAtMs}. */
  public List<LoadRecord> next(int count, long createdAtMs) {
    int[] perTable = new int[tables.size()];
    int[] slots = new int[count];
    for (int i = 0; i < count; i++) {
      slots[i] = pickTable();
      perTable[slots[i]]++;
    }
    List<Deque<DmsRecord>> drawn = new ArrayList<>(tables.size());
    for (int t = 0; t < tables.size(); t++) {
      drawn.add(draw(t, perTable[t]));
    }
    List<LoadRecord> out = new ArrayList<>(count);
    for (int slot : slots) {
      out.add(toLoadRecord(tables.get(slot).table(), drawn.get(slot).removeFirst(), createdAtMs));
    }
    return out;
  }

  /** Records still queued as full load, over all tables. */
  public int pendingFullLoad() {
    return fullLoads.stream().mapToInt(Deque::size).sum();
  }

  private Deque<DmsRecord> draw(int table, int count) {
    Deque<DmsRecord> out = new ArrayDeque<>(count);
    Deque<DmsRecord> load = fullLoads.get(table);
    while (out.size() < count && !load.isEmpty()) {
      out.add(load.removeFirst());
    }
    if (out.size() < count) {
      out.addAll(generators.get(table).changes(count - out.size()));
    }
    return out;
  }

  private int pickTable() {
    if (tables.size() == 1) {
      return 0;
    }
    double x = choice.nextDouble() * totalWeight;
    for (int i = 0; i < tables.size() - 1; i++) {
      x -= tables.get(i).weight();
      if (x < 0) {
        return i;
      }
    }
    return tables.size() - 1;
  }

  private LoadRecord toLoadRecord(SyntheticTable table, DmsRecord r, long createdAtMs) {
    Map<String, Object> data = new LinkedHashMap<>(r.data());
    data.put(CREATED_AT_MS, createdAtMs);
    data.putAll(filler.values(r.data().get(SyntheticTable.KEY)));
    Optional<Map<String, Object>> before = r.beforeImage();
    if (filler.count() > 0 && before.isPresent()) {
      Map<String, Object> b = new LinkedHashMap<>(before.get());
      b.putAll(filler.values(b.get(SyntheticTable.KEY)));
      before = Optional.of(b);
    }
    DmsRecord stamped = new DmsRecord(data, before, r.recordType(), r.operation(), r.schemaName(),
        r.tableName(), r.timestamp(), r.transaction());
    String key = partitionKeys.keyFor(table.schema(), table.table(), r.data().get(SyntheticTable.KEY));
    return new LoadRecord(table.sourceId(), key, SourceRecords.toJson(table, stamped), r.operation(), createdAtMs);
  }
}
