package io.cdclake.common.dms.synth;

import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded generator of realistic DMS change streams for one table: an optional full load, then transactions of
 * inserts, updates, deletes, key changes and duplicates, each with transaction details and before-images.
 * Records come out in source order; the same seed always gives the same stream.
 *
 * <p>Shared by the randomized correctness tests (which replay it into an in-memory model) and the load
 * generator (which only needs realistic shape and volume).
 *
 * <p>The table's {@link SyntheticTable#database() database} bounds what the stream may hold: only relational
 * tables change keys (a DynamoDB key and a DocumentDB {@code _id} are immutable: the application deletes and
 * inserts); a DynamoDB item change commits alone (each has its own creation time, strictly increasing, and a full
 * load is a run of INSERTs, as when items are first written); DocumentDB keeps times at millisecond precision.
 * {@link SourceRecords} writes the records in each database's wire format.
 *
 * <p>Opt-in shapes of real DMS streams, each a {@code with...()} call: resends after a task restart with the
 * source's change sequence ({@link #withDmsRestarts()}), whole-second commit times ({@link #withCoarseCommitClock()}),
 * deletes and key-change before-images that carry the key only ({@link #withKeyOnlyDeletes()}), key changes chained
 * within one transaction ({@link #withChainedKeyChanges()}), a full load that overlaps CDC
 * ({@link #withOverlappingFullLoad()}), one of several DMS tasks on the stream ({@link #withDmsTask(DmsTask)}), and
 * a column added, one dropped, the added one renamed and a decimal widened mid-stream
 * ({@link #withSchemaChanges(SchemaChanges)}). Without them the stream of
 * a seed is what it always was.
 *
 * <p>Events between calls of {@link #changes(int)}: a task outage that loses the changes committed meanwhile
 * ({@link #outage(int, Duration)}), a truncate ({@link #truncate()}) and a DMS reload ({@link #reload()}).
 */
public final class ChangeStreamGenerator {
  private static final DateTimeFormatter SOURCE_TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
  /** The data column of the source's change sequence (as {@code io.cdclake.common.raw.RawColumns}). */
  public static final String CHANGE_SEQ_COLUMN = io.cdclake.common.raw.RawColumns.CHANGE_SEQ_HEADER;
  private static final DateTimeFormatter CHANGE_SEQ_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final List<String> STATUSES = List.of("new", "authorized", "settled", "refunded", "voided");

  private final SyntheticTable table;
  private final ChangeMix mix;
  private final Random random;
  /** Live rows by key, sorted so random picks are reproducible. */
  private final TreeMap<Long, Map<String, Object>> live = new TreeMap<>();
  private Instant clock;
  private long transactionId = 1_000_000;
  private long streamPosition = 0x1000;
  private DmsRecord previous;
  /** Whether records carry the source's change sequence and duplicates are resends after a DMS restart. */
  private boolean dmsRestarts;
  /** Whether commit timestamps are whole seconds, as a MySQL binlog records them. */
  private boolean coarseCommitClock;
  /** Whether deletes and key-change before-images carry the key only. */
  private boolean keyOnlyDeletes;
  /** Whether a key change is now and then followed, in its transaction, by another change of the keys involved. */
  private boolean chainedKeyChanges;
  /** Whether the full load reads the table while transactions commit. */
  private boolean overlappingFullLoad;
  private Optional<DmsTask> task = Optional.empty();
  private Optional<SchemaChanges> schemaChanges = Optional.empty();
  /** Change records sent so far (full load excluded): when the schema changes. */
  private long sent;
  private long changeCounter;

  public ChangeStreamGenerator(SyntheticTable table, ChangeMix mix, long seed, Instant start) {
    if (mix.total() <= 0) {
      throw new IllegalArgumentException("change mix has no positive weight");
    }
    this.table = table;
    this.mix = mix;
    this.random = new Random(seed);
    this.clock = start.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * As DMS sends with the {@code AR_H_CHANGE_SEQ} table-mapping rule and restarts now and then: every change record
   * carries the source's change sequence ({@code ar_h_change_seq}, 35 digits: commit time and a counter), and a
   * duplicate is a resend with a fresh, later DMS timestamp instead of the same record. A resend is still the same
   * source change; only its DMS time differs.
   */
  public ChangeStreamGenerator withDmsRestarts() {
    if (table.database() != SourceDatabase.RELATIONAL) {
      // DMS adds AR_H_CHANGE_SEQ for relational engines only, and DynamoDB's stream has no DMS in it at all.
      throw new IllegalStateException("DMS restarts with a change sequence are generated for relational tables"
          + " only, not for the " + table.database().name().toLowerCase(java.util.Locale.ROOT) + " table "
          + table.sourceId());
    }
    this.dmsRestarts = true;
    return this;
  }

  /**
   * As a source whose log records commit times in whole seconds (MySQL's binlog): many transactions share a commit
   * timestamp, and only what follows it in the change's position (the change sequence, or DMS's own
   * microsecond timestamp) orders them. DMS timestamps stay microseconds.
   */
  public ChangeStreamGenerator withCoarseCommitClock() {
    this.coarseCommitClock = true;
    return this;
  }

  /**
   * As a source that logs only the key of a deleted or re-keyed row (PostgreSQL without {@code REPLICA IDENTITY
   * FULL}, MySQL with {@code binlog_row_image=minimal}): a delete's data holds the key and, for the other columns,
   * nulls (even keys) or nothing at all (odd keys), and a key change's before-image holds the old key only. Plain
   * updates then carry no before-image, as such a source logs no old row for them.
   */
  public ChangeStreamGenerator withKeyOnlyDeletes() {
    this.keyOnlyDeletes = true;
    return this;
  }

  /**
   * Key changes chained within one transaction, as an application that renumbers rows does: now and then a key
   * change A to B is followed in the same transaction by B to C, by a delete of B, or by a fresh insert of A.
   * Relational tables only (no other database changes keys).
   */
  public ChangeStreamGenerator withChainedKeyChanges() {
    if (table.database() != SourceDatabase.RELATIONAL) {
      throw new IllegalStateException("only relational tables change keys, not the "
          + table.database().name().toLowerCase(java.util.Locale.ROOT) + " table " + table.sourceId());
    }
    this.chainedKeyChanges = true;
    return this;
  }

  /**
   * A full load that overlaps CDC, as DMS runs one: the table holds its rows before the load starts, the load reads
   * them one by one in key order while transactions commit, and DMS sends the changes committed during the load
   * (which it cached) after the last load record. A load record's DMS timestamp is when its row was read: a change
   * committed before that is in the loaded image and also arrives as CDC; one committed after is not in the image;
   * a row deleted before it was read is not loaded, and a row inserted ahead of the scan is. Not for DynamoDB, whose
   * "load" is a run of INSERTs through the stream.
   */
  public ChangeStreamGenerator withOverlappingFullLoad() {
    if (table.database() == SourceDatabase.DYNAMODB) {
      throw new IllegalStateException("a DynamoDB table has no DMS full load to overlap: " + table.sourceId());
    }
    this.overlappingFullLoad = true;
    return this;
  }

  /**
   * As one of several DMS tasks writing the same stream: the task's own transaction ids and stream positions, and
   * DMS timestamps {@link DmsTask#dmsClockSkew()} ahead of the commit clock (load records' too). Relational tables.
   */
  public ChangeStreamGenerator withDmsTask(DmsTask task) {
    if (table.database() != SourceDatabase.RELATIONAL) {
      throw new IllegalStateException("DMS tasks are generated for relational tables, not " + table.sourceId());
    }
    this.task = Optional.of(task);
    this.transactionId = (long) task.number() << 48 | transactionId;
    this.streamPosition = (long) task.number() << 32 | streamPosition;
    return this;
  }

  /** A column added, a column dropped, the added one renamed and a decimal widened mid-stream ({@link SchemaChanges}). */
  public ChangeStreamGenerator withSchemaChanges(SchemaChanges changes) {
    this.schemaChanges = Optional.of(changes);
    return this;
  }

  /** DMS full-load records for {@code rows} distinct keys (or the whole key space, if smaller). */
  public List<DmsRecord> fullLoad(int rows) {
    if (overlappingFullLoad) {
      return overlappingLoad(rows);
    }
    List<DmsRecord> out = new ArrayList<>();
    for (int i = 0; i < rows && live.size() < table.keySpace(); i++) {
      long key = freeKey();
      Map<String, Object> row = newRow(key);
      live.put(key, row);
      tick();
      if (table.database() == SourceDatabase.DYNAMODB) {
        transactionId++;
        out.add(DmsRecord.data(DmsOperation.INSERT, table.schema(), table.table(), clock, row)
            .withTransaction(new DmsRecord.Transaction(Long.toString(transactionId), Optional.empty(), 1L, clock,
                Optional.empty())));
      } else {
        out.add(asSent(DmsRecord.data(DmsOperation.LOAD, table.schema(), table.table(), clock, row)));
      }
    }
    return out;
  }

  /**
   * The rows exist first; then the scan reads the next live key above the last one read, and between reads
   * transactions commit (about one per read). Load records first, then the cached changes, as DMS sends them.
   */
  private List<DmsRecord> overlappingLoad(int rows) {
    for (int i = 0; i < rows && live.size() < table.keySpace(); i++) {
      long key = freeKey();
      live.put(key, newRow(key));
    }
    return scan();
  }

  /**
   * A DMS reload of the table (the operator's "reload table", after an outage or a truncate): DMS reads every
   * live row again, one by one in key order while transactions commit, and sends the load records, then the
   * changes committed meanwhile, as in {@link #withOverlappingFullLoad()}. Not for DynamoDB, which DMS does not
   * read.
   */
  public Reload reload() {
    if (table.database() == SourceDatabase.DYNAMODB) {
      throw new IllegalStateException("a DynamoDB table has no DMS reload: " + table.sourceId());
    }
    previous = null;
    tick();
    Instant start = dmsTime(clock);
    return new Reload(start, scan());
  }

  /**
   * The task is down for {@code length} and loses what the source commits meanwhile (a task restarted from a later
   * position, a stream that expired records): {@code count} change records, returned so the caller can tell, never
   * to be delivered. The source's state moves on with them; no later record resends one.
   */
  public List<DmsRecord> outage(int count, Duration length) {
    List<DmsRecord> lost = changes(count);
    previous = null;
    clock = clock.plus(length);
    return lost;
  }

  /**
   * The source truncates the table: every row is gone, and DMS sends a {@code truncate-table} control record, no
   * deletes.
   */
  public DmsRecord truncate() {
    if (table.database() != SourceDatabase.RELATIONAL) {
      throw new IllegalStateException("only relational tables are truncated, not " + table.sourceId());
    }
    live.clear();
    previous = null;
    tick();
    return DmsRecord.control(DmsOperation.TRUNCATE_TABLE, table.schema(), table.table(), dmsTime(clock));
  }

  /** Reads the live rows in key order while transactions commit: the load records, then the cached changes. */
  private List<DmsRecord> scan() {
    List<DmsRecord> loaded = new ArrayList<>();
    List<DmsRecord> cached = new ArrayList<>();
    long lastRead = 0;
    while (true) {
      if (random.nextInt(3) != 0) {
        cached.addAll(transaction(1 + random.nextInt(2)));
      }
      Long next = live.higherKey(lastRead);
      if (next == null) {
        break;
      }
      lastRead = next;
      tick();
      loaded.add(asSent(DmsRecord.data(DmsOperation.LOAD, table.schema(), table.table(), clock,
          new LinkedHashMap<>(live.get(next)))));
    }
    loaded.addAll(cached);
    return loaded;
  }

  /** The next {@code count} change records (not transactions) in source order. */
  public List<DmsRecord> changes(int count) {
    List<DmsRecord> out = new ArrayList<>(count);
    while (out.size() < count) {
      int inTransaction = table.database() == SourceDatabase.DYNAMODB ? 1
          : 1 + random.nextInt(Math.min(3, count - out.size()));
      out.addAll(transaction(inTransaction));
    }
    return out;
  }

  /** Current state of the source table: what a correct pipeline must end up with. */
  public Map<Long, Map<String, Object>> sourceState() {
    Map<Long, Map<String, Object>> out = new TreeMap<>();
    live.forEach((key, row) -> out.put(key, sentRow(row)));
    return out;
  }

  private List<DmsRecord> transaction(int size) {
    transactionId++;
    tick();
    Instant commit = coarseCommitClock ? clock.truncatedTo(ChronoUnit.SECONDS) : clock;
    List<DmsRecord> out = new ArrayList<>();
    while (out.size() < size) {
      if (previous != null && pick() == Kind.DUPLICATE) {
        out.add(dmsRestarts ? resent(previous) : previous);
        continue;
      }
      for (DmsRecord change : nextChanges(size - out.size())) {
        streamPosition += 0x58;
        sent++;
        DmsRecord r = asSent(change).withTransaction(new DmsRecord.Transaction(transactionIdText(transactionId),
            Optional.of(transactionIdText(transactionId - 1)), out.size() + 1L, commit,
            Optional.of(String.format("%08X/%08X", streamPosition >>> 32, streamPosition & 0xffffffffL))));
        if (dmsRestarts) {
          Map<String, Object> data = new LinkedHashMap<>(r.data());
          data.put(CHANGE_SEQ_COLUMN, CHANGE_SEQ_TIME.format(commit) + String.format("%021d", ++changeCounter));
          r = new DmsRecord(data, r.beforeImage(), r.recordType(), r.operation(), r.schemaName(), r.tableName(),
              r.timestamp(), r.transaction());
        }
        out.add(r);
        previous = r;
      }
    }
    return out;
  }

  /** The next change, and what follows it in its transaction when it starts a chain: at most {@code room}. */
  private List<DmsRecord> nextChanges(int room) {
    DmsRecord first = change();
    boolean keyChange = first.beforeImage().isPresent()
        && !first.beforeImage().get().get(SyntheticTable.KEY).equals(first.data().get(SyntheticTable.KEY));
    if (!chainedKeyChanges || !keyChange || room < 2 || random.nextBoolean()) {
      return List.of(first);
    }
    long oldKey = ((Number) first.beforeImage().get().get(SyntheticTable.KEY)).longValue();
    long newKey = ((Number) first.data().get(SyntheticTable.KEY)).longValue();
    Map<String, Object> row = live.get(newKey);
    DmsRecord next = switch (random.nextInt(3)) {
      case 0 -> {
        if (live.size() >= table.keySpace()) {
          yield update(newKey, row);
        }
        long again = freeKey();
        yield reKey(newKey, again, row);
      }
      case 1 -> {
        live.remove(newKey);
        yield DmsRecord.data(DmsOperation.DELETE, table.schema(), table.table(), clock, deleted(row));
      }
      default -> {
        Map<String, Object> fresh = newRow(oldKey);
        live.put(oldKey, fresh);
        yield DmsRecord.data(DmsOperation.INSERT, table.schema(), table.table(), clock, fresh);
      }
    };
    return List.of(first, next);
  }

  /** The record again, as DMS sends it after a restart: same change, a DMS timestamp of now (later). */
  private DmsRecord resent(DmsRecord r) {
    return new DmsRecord(r.data(), r.beforeImage(), r.recordType(), r.operation(), r.schemaName(), r.tableName(),
        dmsTime(clock).plusSeconds(1 + random.nextInt(600)), r.transaction());
  }

  private Instant dmsTime(Instant sourceTime) {
    return task.map(t -> sourceTime.plus(t.dmsClockSkew())).orElse(sourceTime);
  }

  private String transactionIdText(long id) {
    return task.isPresent() ? String.format("%016x", id) : Long.toString(id);
  }

  /** The record as DMS sends it: at the task's DMS time, and with the columns the source has at this point. */
  private DmsRecord asSent(DmsRecord r) {
    return new DmsRecord(sentRow(r.data()), r.beforeImage().map(this::sentRow), r.recordType(), r.operation(),
        r.schemaName(), r.tableName(), dmsTime(r.timestamp()), r.transaction());
  }

  /**
   * A row image with the columns the source has now: the added column (null when the row has none yet) in every
   * image that carries columns besides the key, the dropped one gone.
   */
  private Map<String, Object> sentRow(Map<String, Object> row) {
    if (schemaChanges.isEmpty()) {
      return row;
    }
    Map<String, Object> out = new LinkedHashMap<>(row);
    if (columnAdded() && out.size() > 1) {
      out.putIfAbsent(SchemaChanges.ADDED_COLUMN, null);
    }
    if (sent > schemaChanges.get().dropColumnAt()) {
      out.remove(SchemaChanges.DROPPED_COLUMN);
    }
    if (sent > schemaChanges.get().renameColumnAt() && out.containsKey(SchemaChanges.ADDED_COLUMN)) {
      out.put(SchemaChanges.RENAMED_COLUMN, out.remove(SchemaChanges.ADDED_COLUMN));
    }
    return out;
  }

  private boolean columnAdded() {
    return schemaChanges.isPresent() && sent > schemaChanges.get().addColumnAt();
  }

  private enum Kind { INSERT, UPDATE, DELETE, KEY_CHANGE, DUPLICATE }

  private Kind pick() {
    double x = random.nextDouble() * mix.total();
    if ((x -= mix.insert()) < 0) {
      return Kind.INSERT;
    }
    if ((x -= mix.update()) < 0) {
      return Kind.UPDATE;
    }
    if ((x -= mix.delete()) < 0) {
      return Kind.DELETE;
    }
    if ((x -= mix.keyChange()) < 0) {
      return Kind.KEY_CHANGE;
    }
    return Kind.DUPLICATE;
  }

  private DmsRecord change() {
    Kind kind = pick();
    if (kind == Kind.DUPLICATE) {
      kind = Kind.UPDATE;
    }
    boolean full = live.size() >= table.keySpace();
    if (live.isEmpty() || (kind == Kind.INSERT && !full)) {
      long key = freeKey();
      Map<String, Object> row = newRow(key);
      live.put(key, row);
      return DmsRecord.data(DmsOperation.INSERT, table.schema(), table.table(), clock, row);
    }
    long key = liveKey();
    Map<String, Object> before = live.get(key);
    switch (kind) {
      case DELETE -> {
        live.remove(key);
        return DmsRecord.data(DmsOperation.DELETE, table.schema(), table.table(), clock, deleted(before));
      }
      case KEY_CHANGE -> {
        if (!full && table.database() == SourceDatabase.RELATIONAL) {
          return reKey(key, freeKey(), before);
        }
        return update(key, before);
      }
      default -> {
        return update(key, before);
      }
    }
  }

  private DmsRecord reKey(long key, long newKey, Map<String, Object> before) {
    Map<String, Object> after = changed(before);
    after.put(SyntheticTable.KEY, newKey);
    live.remove(key);
    live.put(newKey, after);
    return DmsRecord.data(DmsOperation.UPDATE, table.schema(), table.table(), clock, after)
        .withBeforeImage(keyOnlyDeletes ? keyOnly(before, false) : before);
  }

  private DmsRecord update(long key, Map<String, Object> before) {
    Map<String, Object> after = changed(before);
    live.put(key, after);
    DmsRecord r = DmsRecord.data(DmsOperation.UPDATE, table.schema(), table.table(), clock, after);
    return keyOnlyDeletes ? r : r.withBeforeImage(before);
  }

  /** What a delete record's data holds of the deleted row. */
  private Map<String, Object> deleted(Map<String, Object> row) {
    if (!keyOnlyDeletes) {
      return row;
    }
    return keyOnly(row, ((Number) row.get(SyntheticTable.KEY)).longValue() % 2 == 0);
  }

  /** The row's key, with the other columns null ({@code withNulls}) or absent. */
  private static Map<String, Object> keyOnly(Map<String, Object> row, boolean withNulls) {
    Map<String, Object> out = new LinkedHashMap<>();
    row.forEach((name, value) -> {
      if (name.equals(SyntheticTable.KEY)) {
        out.put(name, value);
      } else if (withNulls) {
        out.put(name, null);
      }
    });
    return out;
  }

  private Map<String, Object> newRow(long key) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put(SyntheticTable.KEY, key);
    row.put("amount", amount());
    row.put("status", STATUSES.get(0));
    row.put("counter", 0);
    row.put("updated_at", SOURCE_TS.format(valueTime()));
    if (columnAdded()) {
      row.put(SchemaChanges.ADDED_COLUMN, note());
    }
    return row;
  }

  private String note() {
    return random.nextInt(3) == 0 ? null : "note " + random.nextInt(1000);
  }

  private Map<String, Object> changed(Map<String, Object> before) {
    Map<String, Object> after = new LinkedHashMap<>(before);
    after.put("amount", random.nextInt(4) == 0 ? null : amount());
    after.put("status", STATUSES.get(random.nextInt(STATUSES.size())));
    after.put("counter", ((Integer) before.get("counter")) + 1);
    after.put("updated_at", SOURCE_TS.format(valueTime()));
    if (columnAdded() && random.nextBoolean()) {
      after.put(SchemaChanges.ADDED_COLUMN, note());
    }
    return after;
  }

  /** The time a row's timestamp column holds: DocumentDB dates have milliseconds, relational ones microseconds. */
  private Instant valueTime() {
    return table.database() == SourceDatabase.DOCUMENTDB ? clock.truncatedTo(ChronoUnit.MILLIS) : clock;
  }

  /** Decimal amounts travel as JSON strings, as DMS writes NUMERIC columns, to keep exact cents. */
  private String amount() {
    if (schemaChanges.isPresent() && sent > schemaChanges.get().widenAt()) {
      // The column is decimal(14,4) at the source now: the same range, two more places.
      return BigDecimal.valueOf(random.nextInt(1_000_000_000), 4).toPlainString();
    }
    return BigDecimal.valueOf(random.nextInt(10_000_000), 2).setScale(2, RoundingMode.UNNECESSARY).toPlainString();
  }

  private long freeKey() {
    int space = table.keySpace();
    long key = 1 + random.nextInt(space);
    while (live.containsKey(key)) {
      key = key % space + 1;
    }
    return key;
  }

  private long liveKey() {
    Long candidate = live.ceilingKey(1L + random.nextInt(table.keySpace()));
    return candidate != null ? candidate : live.firstKey();
  }

  private void tick() {
    clock = clock.plus(1 + random.nextInt(2_000), ChronoUnit.MICROS).plusMillis(random.nextInt(50));
  }
}
