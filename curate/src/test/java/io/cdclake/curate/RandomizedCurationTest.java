package io.cdclake.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.dms.synth.ChangeMix;
import io.cdclake.common.dms.synth.ChangeStreamGenerator;
import io.cdclake.common.dms.synth.DmsTask;
import io.cdclake.common.dms.synth.Reload;
import io.cdclake.common.dms.synth.SchemaChanges;
import io.cdclake.common.dms.synth.SourceRecords;
import io.cdclake.common.dms.synth.SyntheticTable;
import io.cdclake.common.pci.HashKey;
import io.cdclake.curate.testing.TestLake;
import io.cdclake.ingest.IngestJob;
import io.cdclake.ingest.IngestReport;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The correctness proof: random DMS change streams (full load, inserts, updates, deletes, key changes, redeliveries)
 * for several tables, one seed each, arrive through the real ingest job over several runs, out of order (within a
 * run, and across runs: some records are late by one or two runs, some are delivered twice). After every run each
 * curated table must equal a plain in-memory model that applies the records delivered so far in curate's order
 * (docs/curate.md, "Source order": every full-load record before every change, then source order).
 *
 * <p>Relational seeds turn on the generator's DMS shapes, each for a subset of seeds of its own so that every one
 * is seen with and without the others, in every mode over enough seeds (each predicate below says which):
 * the source's change sequence with resends after a DMS restart ({@link #dmsRestarts}), a whole-second commit clock
 * ({@link #coarseCommitClock}), key-only deletes and key-change before-images ({@link #keyOnlyDeletes}: a soft
 * delete then shows the key's last known values, whatever runs they arrived in), key changes chained within their
 * transaction ({@link #chainedKeyChanges}), a full load overlapping CDC ({@link #overlappingFullLoad}), two DMS
 * tasks with their own transaction ids, positions and skewed DMS clocks ({@link #dmsTask}), a column added and
 * one dropped mid-stream ({@link #schemaChanges}: the new column is null in rows written before it, the dropped
 * one in rows written after), the added column renamed ({@link #renamesColumn}), a decimal widened at the source
 * whose wider values are held until the contract is widened ({@link #widens}), and a task outage that loses
 * changes, a truncate before it ({@link #truncates}) and a DMS reload after it ({@link #reloads}): the runs apply
 * the reload's images by the usual rule, and after the last run the latest-state tables are rebuilt from the
 * reload's start and must hold the source's rows.
 *
 * <p>Each seed is one table, all in one lake, so a run costs one ingest and one curate pass whatever the seed count.
 * {@code -Dcurate.randomSeeds=N} raises the number of seeds of relational tables (default 5),
 * {@code -Dcurate.randomFirstSeed=S} moves them. The four table modes rotate over the seeds (seed modulo 4).
 *
 * <p>The same stream carries DynamoDB tables and DocumentDB collections beside them
 * ({@code -Dcurate.randomSourceSeeds=N}, default 4, from {@code -Dcurate.randomSourceFirstSeed=S}, default 2000:
 * even seeds DynamoDB, odd DocumentDB, modes rotating as above), their records in their own wire formats
 * ({@link SourceRecords}): DynamoDB change records ordered by creation time and event id, DocumentDB documents in
 * relaxed and canonical extended JSON. Their duplicates are byte-identical redeliveries; neither has key changes.
 *
 * <p>Sizes: {@code -Dcurate.randomFullLoad} (default 6), {@code -Dcurate.randomChanges} (default 70) records per
 * seed, keys from {@code -Dcurate.randomKeySpace} (default 12). {@code bench/run-model-test.sh} runs it at bench
 * scale (many seeds, 100,000 records each) as a command beside the benchmarks.
 */
class RandomizedCurationTest {
  private static final Logger LOG = LoggerFactory.getLogger(RandomizedCurationTest.class);
  private static final int RUNS = 3;
  private static final DateTimeFormatter SOURCE_TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** One table's mode, and how the model reads it. */
  enum Mode {
    LATEST_HARD_PARTITIONED("hard", "latest", true),
    LATEST_SOFT("soft", "latest", false),
    SCD2_HARD("hard", "scd2", false),
    SCD2_SOFT("soft", "scd2", true);

    final String deleteMode;
    final String historyMode;
    final boolean partitioned;

    Mode(String deleteMode, String historyMode, boolean partitioned) {
      this.deleteMode = deleteMode;
      this.historyMode = historyMode;
      this.partitioned = partitioned;
    }

    boolean soft() {
      return deleteMode.equals("soft");
    }

    boolean scd2() {
      return historyMode.equals("scd2");
    }
  }

  /**
   * One seed's table: its records in source order, the run each delivery lands in, the source's rows at the end
   * and, for a seed with a DMS reload, when it started.
   */
  record Stream(long seed, Mode mode, SyntheticTable table, List<DmsRecord> records, List<List<Integer>> runs,
      Map<Long, Map<String, Object>> source, Optional<Instant> reloadStart) {
    String curated() {
      return table.table();
    }

    /** Whether the source widens the amount (relational seeds only; {@link #widens(long)}). */
    boolean widened() {
      return table.database() == SourceDatabase.RELATIONAL && widens(seed);
    }

    /** The test properties that rerun this seed alone. */
    String rerun() {
      return table.database() == SourceDatabase.RELATIONAL
          ? "-Dcurate.randomSourceSeeds=0 -Dcurate.randomSeeds=1 -Dcurate.randomFirstSeed=" + seed
          : "-Dcurate.randomSeeds=0 -Dcurate.randomSourceSeeds=1 -Dcurate.randomSourceFirstSeed=" + seed;
    }
  }

  @Test
  void curatedTablesEqualTheSourceOrderModelAfterEveryRun() throws IOException {
    int seeds = Integer.getInteger("curate.randomSeeds", 5);
    long firstSeed = Long.getLong("curate.randomFirstSeed", 1000);
    int sourceSeeds = Integer.getInteger("curate.randomSourceSeeds", 4);
    long firstSourceSeed = Long.getLong("curate.randomSourceFirstSeed", 2000);
    List<Stream> streams = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      streams.add(stream(firstSeed + i, SourceDatabase.RELATIONAL));
    }
    for (int i = 0; i < sourceSeeds; i++) {
      long seed = firstSourceSeed + i;
      streams.add(stream(seed, Math.floorMod(seed, 2L) == 0 ? SourceDatabase.DYNAMODB : SourceDatabase.DOCUMENTDB));
    }
    List<String> contracts = new ArrayList<>();
    for (Stream s : streams) {
      Mode mode = s.mode();
      String json = s.table().contractJson(s.curated(), mode.deleteMode, mode.historyMode);
      if (mode.partitioned) {
        // Updates change the status, so rows move between partitions.
        json = json.replace("\"curated\": { \"table\"", "\"curated\": { \"partitionBy\": [\"status\"], \"table\"");
      }
      contracts.add(json);
    }
    TestLake lake = TestLake.create(contracts.toArray(String[]::new));
    HashKey key = HashKey.of("randomized-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    Random arrival = new Random(firstSeed * 7919);

    for (int run = 0; run < RUNS; run++) {
      if (run == WIDENED_RUN) {
        // The operator widens the contracts of the tables whose source widened the decimal: the held rows go in.
        for (int i = 0; i < streams.size(); i++) {
          if (streams.get(i).widened()) {
            lake.putContract(contracts.get(i).replace("\"decimal(12,2)\"", "\"" + SchemaChanges.WIDENED_TYPE + "\""));
          }
        }
        lake.reload();
      }
      writeInput(lake, streams, run, arrival);
      IngestReport ingested = IngestJob.runAvailableNow(lake.spark, lake.config(), key);
      LOG.info("randomized run {}: {}", run, ingested.render());
      CurateReport report = lake.curate();
      assertFalse(report.hasFailures(), report.summary());
      for (Stream s : streams) {
        List<DmsRecord> delivered = deliveredUpTo(s, run);
        List<DmsRecord> ordered = curateOrder(delivered);
        List<String> expected = s.mode().scd2() ? historyModel(ordered, s.mode()) : latestModel(ordered, s.mode());
        List<String> actual = curated(lake, s);
        String rerun = s.rerun();
        assertEquals(expected, actual, "seed " + s.seed() + " (" + s.table().database() + ", " + s.mode()
            + "), after run " + run + "; rerun with " + rerun);
        if (s.mode().scd2()) {
          assertEquals(0, lake.table(s.curated()).filter("__end_at < __start_at").count(), "seed " + s.seed()
              + ": a version that ends before it starts, after run " + run + "; rerun with " + rerun);
        }
      }
    }
    for (Stream s : streams) {
      if (s.reloadStart().isPresent() && !s.mode().scd2()) {
        checkReloadRebuild(lake, s);
      }
    }
  }

  /** How much earlier than a reload's start (DMS clock) the changes its rebuild replays commit: above any skew. */
  static final Duration RELOAD_OVERLAP = Duration.ofMinutes(10);

  /**
   * The repair after a reload (docs/curate.md, "After a DMS reload"): the rebuild from the reload's start makes the
   * table what the source holds, the changes the task lost and a truncate the runs kept included, as the model
   * says from the records it keeps.
   */
  static void checkReloadRebuild(TestLake lake, Stream s) {
    Instant start = s.reloadStart().orElseThrow();
    TableRebuild.run(lake.spark, lake.config(), lake.contract(s.curated()),
        Optional.of(new TableRebuild.Reload(start, RELOAD_OVERLAP)));
    List<DmsRecord> kept = deliveredUpTo(s, RUNS - 1).stream()
        .filter(r -> r.operation() == DmsOperation.LOAD ? !r.timestamp().isBefore(start)
            : !r.transaction().orElseThrow().commitTimestamp().isBefore(start.minus(RELOAD_OVERLAP)))
        .toList();
    List<String> actual = curated(lake, s);
    String where = "seed " + s.seed() + " (" + s.mode() + "), rebuilt after its reload at " + start
        + "; rerun with " + s.rerun();
    assertEquals(latestModel(curateOrder(kept), s.mode()), actual, where);
    List<String> source = new ArrayList<>();
    s.source().forEach((k, row) -> source.add(values(line(k, row, "", null, null))));
    List<String> live = actual.stream().filter(l -> !s.mode().soft() || l.endsWith("|false|null"))
        .map(RandomizedCurationTest::values).toList();
    assertEquals(source, live, where + ": the source's rows");
  }

  /** A model line without the operation and delete columns: key and values. */
  static String values(String line) {
    String[] f = line.split("\\|", -1);
    return String.join("|", Arrays.copyOfRange(f, 0, 7));
  }

  /** A seed's stream and its arrival plan: most records arrive in their run, some one or two runs late, some twice. */
  static Stream stream(long seed, SourceDatabase database) {
    // From the seed, not the position, so that a seed reruns alone in the same mode.
    Mode mode = Mode.values()[(int) Math.floorMod(seed, (long) Mode.values().length)];
    SyntheticTable table = new SyntheticTable("synth", "t" + seed + "_" + mode.name().toLowerCase(),
        Integer.getInteger("curate.randomKeySpace", 12), database);
    boolean relational = database == SourceDatabase.RELATIONAL;
    // Chained key changes need key changes to chain: four times the OLTP share.
    ChangeMix mix = relational && chainedKeyChanges(seed) ? new ChangeMix(0.30, 0.41, 0.12, 0.12, 0.05)
        : ChangeMix.oltp();
    ChangeStreamGenerator generator = new ChangeStreamGenerator(table, mix, seed,
        Instant.parse("2024-03-01T00:00:00Z"));
    if (database == SourceDatabase.RELATIONAL && dmsRestarts(seed)) {
      generator.withDmsRestarts();
    }
    if (database == SourceDatabase.RELATIONAL && coarseCommitClock(seed)) {
      generator.withCoarseCommitClock();
    }
    if (relational && keyOnlyDeletes(seed)) {
      generator.withKeyOnlyDeletes();
    }
    if (relational && chainedKeyChanges(seed)) {
      generator.withChainedKeyChanges();
    }
    if (relational && overlappingFullLoad(seed)) {
      generator.withOverlappingFullLoad();
    }
    int changes = Integer.getInteger("curate.randomChanges", 70);
    if (relational) {
      dmsTask(seed).ifPresent(generator::withDmsTask);
    }
    if (relational && (schemaChanges(seed) || widens(seed))) {
      boolean columns = schemaChanges(seed);
      generator.withSchemaChanges(new SchemaChanges(columns ? changes / 4 : SchemaChanges.NEVER,
          columns ? changes * 3 / 5 : SchemaChanges.NEVER, renamesColumn(seed) ? changes * 4 / 5 : SchemaChanges.NEVER,
          widens(seed) ? changes / 2 : SchemaChanges.NEVER));
    }
    List<DmsRecord> records = new ArrayList<>(generator.fullLoad(Integer.getInteger("curate.randomFullLoad", 6)));
    Optional<Instant> reloadStart = Optional.empty();
    if (relational && reloads(seed)) {
      // Few changes after the reload, so that most keys keep what the reload or the lost changes left them.
      int after = Math.max(1, changes / 10);
      int before = Math.max(1, changes - after - changes / 10);
      records.addAll(generator.changes(before));
      if (truncates(seed)) {
        records.add(generator.truncate());
      }
      generator.outage(Math.max(1, changes / 10), Duration.ofHours(1));
      Reload reload = generator.reload();
      records.addAll(reload.records());
      reloadStart = Optional.of(reload.start());
      records.addAll(generator.changes(after));
    } else {
      records.addAll(generator.changes(changes));
    }
    Random r = new Random(seed * 31 + 17);
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      runs.add(new ArrayList<>());
    }
    for (int i = 0; i < records.size(); i++) {
      int home = i * RUNS / records.size();
      int late = r.nextDouble() < 0.2 ? 1 + r.nextInt(2) : 0;
      runs.get(Math.min(RUNS - 1, home + late)).add(i);
      if (r.nextDouble() < 0.05) {
        runs.get(Math.min(RUNS - 1, home + 1 + r.nextInt(2))).add(i);
      }
    }
    return new Stream(seed, mode, table, records, runs, generator.sourceState(), reloadStart);
  }

  /** Lines per input file at most, so that a run at bench scale is several micro-batches, not one huge file. */
  private static final int LINES_PER_FILE = 50_000;

  /** The run's deliveries of all tables, shuffled together into JSON-lines files (two at the default size). */
  static void writeInput(TestLake lake, List<Stream> streams, int run, Random arrival) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Stream s : streams) {
      for (int i : s.runs().get(run)) {
        lines.add(SourceRecords.toJson(s.table(), s.records().get(i)));
      }
    }
    Collections.shuffle(lines, arrival);
    int files = Math.max(2, (lines.size() + LINES_PER_FILE - 1) / LINES_PER_FILE);
    for (int f = 0; f < files; f++) {
      List<String> part = lines.subList(f * lines.size() / files, (f + 1) * lines.size() / files);
      Files.write(lake.inputDir().resolve(String.format("run-%02d-%04d.jsonl", run, f)), part);
    }
  }

  /**
   * Data records delivered by the end of {@code run}, in source order, each once; until its contract is widened, a
   * widening table's records whose amount no longer fits its contract are held, not applied.
   */
  static List<DmsRecord> deliveredUpTo(Stream s, int run) {
    boolean holds = s.widened() && run < WIDENED_RUN;
    Set<Integer> indexes = new HashSet<>();
    for (int r = 0; r <= run; r++) {
      indexes.addAll(s.runs().get(r));
    }
    List<DmsRecord> out = new ArrayList<>();
    for (int i = 0; i < s.records().size(); i++) {
      if (indexes.contains(i) && s.records().get(i).operation().isData() && !(holds && misfits(s.records().get(i)))) {
        out.add(s.records().get(i));
      }
    }
    return out;
  }

  /**
   * Seeds whose records carry the source's change sequence and whose duplicates are resends with a later DMS
   * timestamp, which must change nothing: the odd seeds of 992-1007 (so 1001 and 1003 by default), the even ones of
   * 1008-1023, and so on. The soft modes fall on odd seeds, so each sixteen seeds give every mode both kinds, and
   * from 1008 on soft deletes that carry only the key and no change sequence (1011, 1013).
   */
  static boolean dmsRestarts(long seed) {
    return Math.floorMod(seed + Math.floorDiv(seed, 16L), 2L) == 1;
  }

  /**
   * Seeds whose source records commit times in whole seconds (MySQL's binlog), so that dozens of transactions tie
   * on their commit timestamp: 1001, 1003 (with the change sequence and resends) and 1004 (without) by default;
   * over 8 seeds every mode gets both clocks.
   */
  static boolean coarseCommitClock(long seed) {
    return Math.floorMod(seed + Math.floorDiv(seed, 4L), 2L) == 1;
  }

  /**
   * Seeds whose source logs only the key of deleted and re-keyed rows (PostgreSQL without REPLICA IDENTITY FULL):
   * 1002, 1003 and 1004 by default (1003 in SCD2 soft mode, where the rule shows); over
   * 16 seeds every mode gets both, with and without the coarse clock.
   */
  static boolean keyOnlyDeletes(long seed) {
    return Math.floorMod(Math.floorDiv(seed, 4L) + Math.floorDiv(seed, 2L), 2L) == 1;
  }

  /**
   * Seeds whose key changes are now and then chained within their transaction (A to B then B to C, or then a
   * delete of B, or then a fresh insert of A), with four times the OLTP share of key changes: 1001, 1002 and 1004
   * by default; over 12 seeds every mode gets both, with and without key-only deletes.
   */
  static boolean chainedKeyChanges(long seed) {
    return Math.floorMod(seed, 3L) != 1;
  }

  /**
   * Seeds whose full load reads the table while transactions commit, the changes committed during it sent after it
   * (DMS's cached changes): 1000, 1001, 1003 and 1004 by default (1003 in SCD2 soft mode, with key-only deletes); over 10
   * seeds every mode gets both.
   */
  static boolean overlappingFullLoad(long seed) {
    return Math.floorMod(seed + Math.floorDiv(seed, 5L), 3L) != 2;
  }

  /**
   * Seeds whose DMS task is down for an hour four fifths into the changes, losing a tenth of them, and whose table
   * DMS then reloads while the last tenth commit: 1000-1003 by default (every mode), 1008-1011, and so on. Until the
   * last run the model applies the reload's images by the usual rule (change data outranks them); after it the
   * latest-state tables are rebuilt from the reload's start and must hold what the source holds.
   */
  static boolean reloads(long seed) {
    return Math.floorMod(Math.floorDiv(seed, 4L), 2L) == 0;
  }

  /**
   * Reload seeds whose source truncates the table before the outage (DMS sends a truncate-table control record,
   * which the runs keep the rows through): 1001 and 1003 by default, 1008 and 1010 after them.
   */
  static boolean truncates(long seed) {
    return reloads(seed) && Math.floorMod(seed + Math.floorDiv(seed, 8L), 2L) == 0;
  }

  /** The two DMS tasks of the stream: their DMS clocks run minutes ahead of the commit clock, and apart. */
  static final List<DmsTask> TASKS = List.of(new DmsTask(1, Duration.ofMinutes(3)),
      new DmsTask(2, Duration.ofMinutes(7).plusSeconds(31).plusMillis(250)));

  /**
   * The DMS task a seed's table comes through, if not the default one: each task has its own transaction ids,
   * stream positions and DMS clock skew, and the tasks' tables interleave on the one stream. By default 1000 and
   * 1002 through task 1, 1001 and 1003 through task 2, 1004 through neither.
   */
  static Optional<DmsTask> dmsTask(long seed) {
    int task = (int) Math.floorMod(seed + Math.floorDiv(seed, 3L), 3L);
    return task == 0 ? Optional.empty() : Optional.of(TASKS.get(task - 1));
  }

  /**
   * Seeds whose source adds a text column ({@link SchemaChanges#ADDED_COLUMN}) a quarter into the changes and
   * stops sending {@link SchemaChanges#DROPPED_COLUMN} three fifths in: 1001, 1002 and 1004 by default.
   */
  static boolean schemaChanges(long seed) {
    return Math.floorMod(Math.floorDiv(seed, 3L) + seed, 2L) == 0;
  }

  /** The run before which the widening tables' contracts are widened. */
  static final int WIDENED_RUN = RUNS - 1;

  /**
   * Seeds whose source widens {@code amount} from decimal(12,2) to {@link SchemaChanges#WIDENED_TYPE} half way
   * through the changes (docs/curate.md, DDL: a value that no longer fits is held, the rest apply, and the held
   * rows are released once the contract is widened, here before the last run): 1000, 1003 and 1004 by default.
   */
  static boolean widens(long seed) {
    return Math.floorMod(seed * 2 + Math.floorDiv(seed, 4L), 3L) == 0;
  }

  /**
   * Whether a record's amount has more places than decimal(12,2) holds: in its row image, or in the before-image of
   * a key change (the old key's deleted row shows those values).
   */
  static boolean misfits(DmsRecord r) {
    Optional<Map<String, Object>> before = r.beforeImage()
        .filter(b -> !Objects.equals(b.get(SyntheticTable.KEY), r.data().get(SyntheticTable.KEY)));
    return wide(r.data().get(SchemaChanges.WIDENED_COLUMN))
        || before.map(b -> wide(b.get(SchemaChanges.WIDENED_COLUMN))).orElse(false);
  }

  private static boolean wide(Object amount) {
    return amount != null && new BigDecimal(amount.toString()).stripTrailingZeros().scale() > 2;
  }

  /**
   * Schema-change seeds whose source then renames the added column to {@link SchemaChanges#RENAMED_COLUMN} four
   * fifths in (docs/curate.md, DDL: the old column stays, null in rows written from then on, and the new name
   * arrives as a column of its own): 1001 and 1004 by default, not 1002.
   */
  static boolean renamesColumn(long seed) {
    return schemaChanges(seed) && Math.floorMod(Math.floorDiv(seed, 2L), 2L) == 0;
  }

  /** What identifies a change at the source: its change sequence when it carries one, else the record itself. */
  static Object identity(DmsRecord r) {
    Object seq = r.data().get(ChangeStreamGenerator.CHANGE_SEQ_COLUMN);
    return seq != null ? seq : r;
  }

  // ---- the model: plain Java, records applied one by one in source order ----

  /**
   * The records in curate's order (docs/curate.md, "Source order", rule 1): every full-load record before every
   * change, whatever their times, the load records by their read time, the changes in source order. With an
   * overlapping full load a change committed before a row was read is then applied after its image, which holds
   * it already; one committed after the read applies on top of the image.
   */
  static List<DmsRecord> curateOrder(List<DmsRecord> records) {
    List<DmsRecord> out = new ArrayList<>();
    records.stream().filter(r -> r.operation() == DmsOperation.LOAD).forEach(out::add);
    records.stream().filter(r -> r.operation() != DmsOperation.LOAD).forEach(out::add);
    return out;
  }

  /** Latest-state model: one line per key, the state after its last change. */
  static List<String> latestModel(List<DmsRecord> records, Mode mode) {
    Map<Long, String> rows = new TreeMap<>();
    Map<Long, Map<String, Object>> known = new HashMap<>();
    Set<Object> seen = new HashSet<>();
    for (DmsRecord r : records) {
      if (!seen.add(identity(r))) {
        continue; // a redelivery of a change already applied
      }
      for (Event e : events(r)) {
        Map<String, Object> values = shown(e, known);
        if (!e.delete()) {
          rows.put(e.key(), line(e.key(), values, r.operation().wireName(), mode.soft() ? "false" : null, null));
        } else if (mode.soft()) {
          rows.put(e.key(), line(e.key(), values, r.operation().wireName(), "true", format(e.time())));
        } else {
          rows.remove(e.key());
        }
      }
    }
    return new ArrayList<>(rows.values());
  }

  /**
   * SCD2 model: every change is a version, valid until the key's next change. A load image read at or after its
   * key's first change (by the DMS clock against commit times: an overlapping load's image holding a change, or a
   * DMS clock ahead of the source's) is no version, since it would end before it starts.
   */
  static List<String> historyModel(List<DmsRecord> records, Mode mode) {
    Map<Long, List<String[]>> versions = new TreeMap<>();
    Map<Long, Map<String, Object>> known = new HashMap<>();
    Set<Object> seen = new HashSet<>();
    List<DmsRecord> applied = new ArrayList<>();
    Map<Long, Instant> firstChange = new HashMap<>();
    for (DmsRecord r : records) {
      if (seen.add(identity(r))) {
        applied.add(r);
        if (r.operation() != DmsOperation.LOAD) {
          events(r).forEach(e -> firstChange.merge(e.key(), e.time(), (a, b) -> a.isBefore(b) ? a : b));
        }
      }
    }
    for (DmsRecord r : applied) {
      for (Event e : events(r)) {
        Instant first = firstChange.get(e.key());
        if (r.operation() == DmsOperation.LOAD && first != null && !e.time().isBefore(first)) {
          continue;
        }
        Map<String, Object> values = shown(e, known);
        List<String[]> chain = versions.computeIfAbsent(e.key(), k -> new ArrayList<>());
        if (!chain.isEmpty() && chain.get(chain.size() - 1)[1] == null) {
          chain.get(chain.size() - 1)[1] = format(e.time());
        }
        if (!e.delete() || mode.soft()) {
          String deleted = mode.soft() ? Boolean.toString(e.delete()) : null;
          chain.add(new String[] {format(e.time()), null,
              line(e.key(), values, r.operation().wireName(), deleted, e.delete() ? format(e.time()) : null)});
        }
      }
    }
    List<String> out = new ArrayList<>();
    versions.forEach((k, chain) -> chain.forEach(v ->
        out.add(v[2] + "|" + v[0] + "|" + v[1] + "|" + (v[1] == null))));
    Collections.sort(out);
    return out;
  }

  /**
   * The values a change leaves its key with (docs/curate.md, soft deletes): its own, except that a delete carrying
   * only the key shows the key's last known values, those of the newest delivered change before it in source
   * order that carried values (none: nulls), whatever runs the changes arrived in. {@code known} is that state.
   */
  static Map<String, Object> shown(Event e, Map<Long, Map<String, Object>> known) {
    if (e.delete() && keyOnly(e.values())) {
      return known.getOrDefault(e.key(), Map.of());
    }
    known.put(e.key(), e.values());
    return e.values();
  }

  static boolean keyOnly(Map<String, Object> values) {
    return values.entrySet().stream().filter(e -> !e.getKey().equals(SyntheticTable.KEY)
        && !e.getKey().equals(ChangeStreamGenerator.CHANGE_SEQ_COLUMN)).allMatch(e -> e.getValue() == null);
  }

  record Event(long key, Map<String, Object> values, boolean delete, Instant time) {}

  /** What a record does to keys: a key change is a delete of the old key and an upsert of the new one. */
  static List<Event> events(DmsRecord r) {
    Instant time = r.transaction().map(DmsRecord.Transaction::commitTimestamp).orElse(r.timestamp());
    long key = ((Number) r.data().get(SyntheticTable.KEY)).longValue();
    List<Event> out = new ArrayList<>();
    if (r.operation() == DmsOperation.DELETE) {
      out.add(new Event(key, r.data(), true, time));
      return out;
    }
    if (r.beforeImage().isPresent()) {
      long before = ((Number) r.beforeImage().get().get(SyntheticTable.KEY)).longValue();
      if (before != key) {
        out.add(new Event(before, r.beforeImage().get(), true, time));
      }
    }
    out.add(new Event(key, r.data(), false, time));
    return out;
  }

  static String line(long key, Map<String, Object> values, String op, String deleted, String deletedAt) {
    Object amount = values.get("amount");
    // Without trailing zeros: the table's scale grows when its contract is widened.
    return key + "|" + (amount == null ? null : new BigDecimal(amount.toString()).stripTrailingZeros().toPlainString())
        + "|" + values.get("status") + "|" + values.get("counter") + "|" + values.get("updated_at")
        + "|" + values.get(SchemaChanges.ADDED_COLUMN) + "|" + values.get(SchemaChanges.RENAMED_COLUMN) + "|" + op
        + (deleted == null ? "" : "|" + deleted + "|" + deletedAt);
  }

  static String format(Instant t) {
    return t == null ? null : SOURCE_TS.format(t);
  }

  static String format(Timestamp t) {
    return t == null ? null : format(t.toInstant());
  }

  /** The curated table in the model's shape. */
  static List<String> curated(TestLake lake, Stream s) {
    List<String> out = new ArrayList<>();
    for (Row r : lake.table(s.curated()).collectAsList()) {
      Map<String, Object> values = new LinkedHashMap<>();
      BigDecimal amount = r.getAs("amount");
      values.put("amount", amount == null ? null : amount.toPlainString());
      values.put("status", r.getAs("status"));
      values.put("counter", r.getAs("counter"));
      values.put("updated_at", format((Timestamp) r.getAs("updated_at")));
      // Undeclared: the table has it once a record carried it; rows written before show null, as the model does.
      List<String> columns = Arrays.asList(r.schema().fieldNames());
      for (String name : List.of(SchemaChanges.ADDED_COLUMN, SchemaChanges.RENAMED_COLUMN)) {
        values.put(name, columns.contains(name) ? r.getAs(name) : null);
      }
      String deleted = s.mode().soft() ? Objects.toString(r.<Boolean>getAs("_deleted")) : null;
      String deletedAt = s.mode().soft() ? format((Timestamp) r.getAs("_deleted_at")) : null;
      long key = s.table().database() == SourceDatabase.DOCUMENTDB
          ? Long.parseLong(r.<String>getAs("_id"), 16) : r.<Long>getAs("id");
      String line = line(key, values, r.getAs("_op"), deleted, deletedAt);
      if (s.mode().scd2()) {
        line += "|" + format((Timestamp) r.getAs("__start_at")) + "|" + format((Timestamp) r.getAs("__end_at")) + "|"
            + r.<Boolean>getAs("__is_current");
      }
      out.add(line);
    }
    if (!s.mode().scd2()) {
      out.sort((a, b) -> Long.compare(Long.parseLong(a.substring(0, a.indexOf('|'))),
          Long.parseLong(b.substring(0, b.indexOf('|')))));
    } else {
      Collections.sort(out);
    }
    return out;
  }
}
