package io.cdclake.bench;

import io.cdclake.bench.load.FillerColumns;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.common.dms.synth.ChangeMix;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Command-line options of {@link Benchmark}, parsed and checked. */
record BenchmarkOptions(
    Path out,
    Path work,
    boolean keepWork,
    Set<String> sections,
    long seed,
    ChangeMix mix,
    List<TableLoad> tables,
    long drainRecords,
    int recordsPerFile,
    int drainFilesPerBatch,
    List<Double> rates,
    Duration rateDuration,
    Duration ramp,
    int triggerSeconds,
    Duration fileInterval,
    Duration curatePause,
    List<Long> mergeSizes,
    int mergeChanges,
    List<Boolean> mergeModes,
    List<Long> mergeHotKeys,
    int columns,
    TablesBenchmark.Settings tablesSettings,
    CurateTablesBenchmark.Settings curateTablesSettings,
    IngestSource source,
    String master) {

  static final Set<String> SECTIONS = Set.of("drain", "rates", "merge", "tables", "curate-tables");
  static final String DEFAULT_SECTIONS = "drain,rates,merge";
  static final Set<String> OPTIONS = Set.of("out", "work", "sections", "seed", "mix", "tables", "drain-records",
      "records-per-file", "drain-files-per-batch", "rates", "rate-duration", "ramp-seconds", "trigger-seconds",
      "file-interval-ms", "curate-pause-seconds", "merge-sizes", "merge-changes", "merge-modes", "merge-hot-keys", "columns",
      "table-counts", "tables-batch-records", "tables-batches", "tables-files-per-batch", "curate-table-counts", "curate-changes-per-table", "curate-parallelism",
      "source", "stream",
      "region", "endpoint", "kinesis-local", "shards", "master");
  static final Set<String> FLAGS = Set.of("keep-work", "help");

  static final String USAGE = """
      benchmark: measured ingest throughput, end-to-end latency, curate merge cost and ingest cost by table count
      on this machine.
        --out DIR                 results directory (default bench-results/<timestamp>)
        --work DIR                scratch lakes (default <out>/work, deleted at the end unless --keep-work)
        --sections LIST           drain,rates,merge,tables,curate-tables (default drain,rates,merge; tables and
                                  curate-tables only when named)
        --seed N                  seed of the generated records (default 42)
        --mix I,U,D,K,DUP         change mix weights (default the OLTP mix)
        --tables LIST             tables of the drain and rate runs, schema.table:keySpace[:weight],...
                                  (default bench.orders:100000:3,bench.accounts:20000:1)
        --drain-records N         backlog drained by one ingest run (default 200000)
        --records-per-file N      records per input file of the backlog (default 10000)
        --drain-files-per-batch N input files per ingest micro-batch while draining (default 5)
        --columns N               data columns per record in the drain and tables sections (default 20: the
                                  generator's 5, created_at_ms and 14 filler columns of mixed types; 6: no filler)
        --table-counts LIST       tables section: source table counts to compare (default 1,50,200,1000)
        --tables-batch-records N  tables section: records per ingest micro-batch, whatever the table count
                                  (default 20000)
        --tables-batches N        tables section: micro-batches per table count, the first not counted (default 6)
        --tables-files-per-batch N tables section: input files per micro-batch (default 2)
        --curate-table-counts LIST curate-tables section: curated table counts (default 20,200)
        --curate-changes-per-table N curate-tables section: changes per table in the busy run (default 100)
        --curate-parallelism LIST curate-tables section: tables curated at a time, one run pair each
                                  (default 1,4; 1 is the sequential baseline)
        --rates LIST              offered rates in records/s (default 500,2000)
        --rate-duration S         seconds of load per rate, ramp included (default 60)
        --ramp-seconds S          linear ramp at the start of each rate (default 10)
        --trigger-seconds S       ingest micro-batch interval during rate runs (default 5; production uses 30)
        --file-interval-ms N      the generator closes one input file per interval (default 1000)
        --curate-pause-seconds S  pause between curate runs during rate runs (default 0: back to back)
        --merge-sizes LIST        curated table sizes in rows (default 100000,1000000,5000000)
        --merge-changes N         changes merged into each table (default 10000)
        --merge-modes LIST        cow,dv (default both)
        --merge-hot-keys LIST     key spaces of the changes, the table's lowest keys (as an identity key's newest
                                  rows take most changes); 0 spreads them over the whole table (default 0)
        --source files|kinesis    ingest source of the rate runs (default files; kinesis needs the EMR connector
                                  jar on the classpath: run-benchmarks.sh --kinesis-connector-jar PATH)
        --stream NAME --region R  Kinesis stream (source kinesis); --shards N when it must be created (default 2)
        --endpoint URL            Kinesis endpoint override for AWS; --kinesis-local URL for the emulator
        --master URL              Spark master (default local[*])""";

  static BenchmarkOptions parse(Args a) {
    Path out = Path.of(a.get("out").orElse("bench-results/"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))));
    Path work = Path.of(a.get("work").orElse(out.resolve("work").toString()));
    Set<String> sections = Set.copyOf(Arrays.asList(a.get("sections", DEFAULT_SECTIONS).split(",")));
    for (String s : sections) {
      if (!SECTIONS.contains(s)) {
        throw new IllegalArgumentException("--sections: unknown section '" + s + "'; known: " + SECTIONS);
      }
    }
    String sourceKind = a.get("source", "files");
    IngestSource source = switch (sourceKind) {
      case "files" -> new IngestSource.Files();
      case "kinesis" -> {
        Optional<String> emulator = a.get("kinesis-local");
        if (emulator.isPresent() && a.get("endpoint").isPresent()) {
          throw new IllegalArgumentException("give either --kinesis-local or --endpoint, not both");
        }
        yield new IngestSource.Kinesis(a.require("stream"),
            a.get("region", Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1")),
            emulator.or(() -> a.get("endpoint")), emulator.isPresent(), a.getInt("shards", 2));
      }
      default -> throw new IllegalArgumentException("--source must be files or kinesis, was '" + sourceKind + "'");
    };
    List<Boolean> modes = new ArrayList<>();
    for (String m : a.get("merge-modes", "cow,dv").split(",")) {
      switch (m.trim()) {
        case "cow" -> modes.add(false);
        case "dv" -> modes.add(true);
        default -> throw new IllegalArgumentException("--merge-modes: '" + m + "' is neither cow nor dv");
      }
    }
    return new BenchmarkOptions(out, work, a.flag("keep-work"), sections, a.getLong("seed", 42),
        a.get("mix").map(LoadGeneratorCommand::parseMix).orElse(ChangeMix.oltp()),
        TableLoad.parseList(a.get("tables", "bench.orders:100000:3,bench.accounts:20000:1")),
        positive(a, "drain-records", a.getLong("drain-records", 200_000)),
        (int) positive(a, "records-per-file", a.getInt("records-per-file", 10_000)),
        (int) positive(a, "drain-files-per-batch", a.getInt("drain-files-per-batch", 5)),
        doubles(a.get("rates", "500,2000")),
        Duration.ofSeconds(positive(a, "rate-duration", a.getLong("rate-duration", 60))),
        Duration.ofSeconds(a.getLong("ramp-seconds", 10)),
        (int) positive(a, "trigger-seconds", a.getInt("trigger-seconds", 5)),
        Duration.ofMillis(positive(a, "file-interval-ms", a.getLong("file-interval-ms", 1000))),
        Duration.ofSeconds(a.getLong("curate-pause-seconds", 0)),
        longs(a.get("merge-sizes", "100000,1000000,5000000")),
        (int) positive(a, "merge-changes", a.getInt("merge-changes", 10_000)),
        modes, hotKeys(a), columns(a), tablesSettings(a), curateTablesSettings(a), source, a.get("master", "local[*]"));
  }

  private static List<Long> hotKeys(Args a) {
    List<Long> keys = longs(a.get("merge-hot-keys", "0"));
    for (long k : keys) {
      if (k < 0) {
        throw new IllegalArgumentException("--merge-hot-keys: " + k + " is negative (0 means the whole table)");
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("--merge-hot-keys: no value given");
    }
    return keys;
  }

  private static int columns(Args a) {
    int columns = a.getInt("columns", 20);
    if (columns < FillerColumns.BASE_COLUMNS) {
      throw new IllegalArgumentException("--columns must be at least " + FillerColumns.BASE_COLUMNS
          + " (the generator's own columns), was " + columns);
    }
    return columns;
  }

  private static TablesBenchmark.Settings tablesSettings(Args a) {
    List<Integer> counts = new ArrayList<>();
    for (long n : longs(a.get("table-counts", "1,50,200,1000"))) {
      if (n < 1 || n > 100_000) {
        throw new IllegalArgumentException("--table-counts: " + n + " is not a table count between 1 and 100000");
      }
      counts.add((int) n);
    }
    if (counts.isEmpty()) {
      throw new IllegalArgumentException("--table-counts: no table count given");
    }
    int records = (int) positive(a, "tables-batch-records", a.getInt("tables-batch-records", 20_000));
    int batches = a.getInt("tables-batches", 6);
    if (batches < 2) {
      throw new IllegalArgumentException("--tables-batches must be at least 2 (the first batch is not counted),"
          + " was " + batches);
    }
    int files = (int) positive(a, "tables-files-per-batch", a.getInt("tables-files-per-batch", 2));
    if (records % files != 0) {
      throw new IllegalArgumentException("--tables-batch-records " + records + " must be a multiple of"
          + " --tables-files-per-batch " + files + ", so every micro-batch has exactly the same records");
    }
    return new TablesBenchmark.Settings(List.copyOf(counts), columns(a), records, batches, files);
  }

  private static CurateTablesBenchmark.Settings curateTablesSettings(Args a) {
    List<Integer> counts = new ArrayList<>();
    for (long n : longs(a.get("curate-table-counts", "20,200"))) {
      if (n < 1 || n > 10_000) {
        throw new IllegalArgumentException("--curate-table-counts: " + n + " is not a table count between 1 and"
            + " 10000");
      }
      counts.add((int) n);
    }
    List<Integer> parallelisms = new ArrayList<>();
    for (long n : longs(a.get("curate-parallelism", "1,4"))) {
      if (n < 1 || n > 256) {
        throw new IllegalArgumentException("--curate-parallelism: " + n + " is not between 1 and 256");
      }
      parallelisms.add((int) n);
    }
    if (counts.isEmpty() || parallelisms.isEmpty()) {
      throw new IllegalArgumentException("--curate-table-counts and --curate-parallelism need a value each");
    }
    int changes = (int) positive(a, "curate-changes-per-table", a.getInt("curate-changes-per-table", 100));
    return new CurateTablesBenchmark.Settings(List.copyOf(counts), changes, List.copyOf(parallelisms));
  }

  private static long positive(Args a, String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("--" + name + " must be positive, was " + value);
    }
    return value;
  }

  private static List<Double> doubles(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Double::parseDouble)
        .toList();
  }

  private static List<Long> longs(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> Long.parseLong(s.replace("_", ""))).toList();
  }
}
