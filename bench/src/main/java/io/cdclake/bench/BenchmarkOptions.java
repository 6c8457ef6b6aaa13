package io.cdclake.bench;

import io.cdclake.bench.load.FillerColumns;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.common.dms.synth.ChangeMix;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
    Set<MergePeer> mergePeers,
    List<Long> rebuildSizes,
    int rebuildChanges,
    int columns,
    TablesBenchmark.Settings tablesSettings,
    CurateTablesBenchmark.Settings curateTablesSettings,
    IngestSource source,
    String master) {

  static final Set<String> SECTIONS = Set.of("drain", "rates", "merge", "tables", "curate-tables",
      "rebuild");

  /** Parses and checks a {@code benchmark} command line; anything wrong is an IllegalArgumentException. */
  static BenchmarkOptions parse(String... argv) {
    return CommandLines.parse(new Arguments(), argv).check();
  }

  /** The command line as given: picocli fills these, {@link #check} turns them into options. */
  @Command(name = "benchmark", abbreviateSynopsis = true, sortOptions = false, description = {
      "Measured ingest throughput, end-to-end latency, curate merge cost and ingest cost by table count on this"
          + " machine."})
  static final class Arguments {
    @Option(names = "--out", paramLabel = "DIR", description = "results directory (default bench-results/<timestamp>)")
    Path out;
    @Option(names = "--work", paramLabel = "DIR",
        description = "scratch lakes (default <out>/work, deleted at the end unless --keep-work)")
    Path work;
    @Option(names = "--keep-work", description = "keep the scratch lakes")
    boolean keepWork;
    @Option(names = "--sections", paramLabel = "SECTION", split = ",", defaultValue = "drain,rates,merge",
        description = "drain,rates,merge,tables,curate-tables (default ${DEFAULT-VALUE}; tables and curate-tables"
            + " only when named)")
    List<String> sections;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
        description = "seed of the generated records (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--mix", paramLabel = "I,U,D,K,DUP", description = "change mix weights (default the OLTP mix)")
    ChangeMix mix = ChangeMix.oltp();
    @Option(names = "--tables", paramLabel = "TABLE", split = ",",
        defaultValue = "bench.orders:100000:3,bench.accounts:20000:1",
        description = "tables of the drain and rate runs, each " + TableLoad.SPEC + ",..."
            + " (default ${DEFAULT-VALUE})")
    List<TableLoad> tables;
    @Option(names = "--drain-records", paramLabel = "N", defaultValue = "200000",
        description = "backlog drained by one ingest run (default ${DEFAULT-VALUE})")
    long drainRecords;
    @Option(names = "--records-per-file", paramLabel = "N", defaultValue = "10000",
        description = "records per input file of the backlog (default ${DEFAULT-VALUE})")
    int recordsPerFile;
    @Option(names = "--drain-files-per-batch", paramLabel = "N", defaultValue = "5",
        description = "input files per ingest micro-batch while draining (default ${DEFAULT-VALUE})")
    int drainFilesPerBatch;
    @Option(names = "--columns", paramLabel = "N", defaultValue = "20",
        description = "data columns per record in the drain and tables sections (default ${DEFAULT-VALUE}: the"
            + " generator's 5, created_at_ms and 14 filler columns of mixed types; 6: no filler)")
    int columns;
    @Option(names = "--table-counts", paramLabel = "N", split = ",", defaultValue = "1,50,200,1000",
        description = "tables section: source table counts to compare (default ${DEFAULT-VALUE})")
    List<Long> tableCounts;
    @Option(names = "--tables-batch-records", paramLabel = "N", defaultValue = "20000",
        description = "tables section: records per ingest micro-batch, whatever the table count"
            + " (default ${DEFAULT-VALUE})")
    int tablesBatchRecords;
    @Option(names = "--tables-batches", paramLabel = "N", defaultValue = "6",
        description = "tables section: micro-batches per table count, the first not counted (default ${DEFAULT-VALUE})")
    int tablesBatches;
    @Option(names = "--tables-files-per-batch", paramLabel = "N", defaultValue = "2",
        description = "tables section: input files per micro-batch (default ${DEFAULT-VALUE})")
    int tablesFilesPerBatch;
    @Option(names = "--curate-table-counts", paramLabel = "N", split = ",", defaultValue = "20,200",
        description = "curate-tables section: curated table counts (default ${DEFAULT-VALUE})")
    List<Long> curateTableCounts;
    @Option(names = "--curate-changes-per-table", paramLabel = "N", defaultValue = "100",
        description = "curate-tables section: changes per table in the busy run (default ${DEFAULT-VALUE})")
    int curateChangesPerTable;
    @Option(names = "--curate-parallelism", paramLabel = "N", split = ",", defaultValue = "1,4",
        description = "curate-tables section: tables curated at a time, one run pair each (default"
            + " ${DEFAULT-VALUE}; 1 is the sequential baseline)")
    List<Long> curateParallelism;
    @Option(names = "--rates", paramLabel = "RATE", split = ",", defaultValue = "500,2000",
        description = "offered rates in records/s (default ${DEFAULT-VALUE})")
    List<Double> rates;
    @Option(names = "--rate-duration", paramLabel = "S", defaultValue = "60",
        description = "seconds of load per rate, ramp included (default ${DEFAULT-VALUE})")
    long rateDuration;
    @Option(names = "--ramp-seconds", paramLabel = "S", defaultValue = "10",
        description = "linear ramp at the start of each rate (default ${DEFAULT-VALUE})")
    long rampSeconds;
    @Option(names = "--trigger-seconds", paramLabel = "S", defaultValue = "5",
        description = "ingest micro-batch interval during rate runs (default ${DEFAULT-VALUE}; production uses 30)")
    int triggerSeconds;
    @Option(names = "--file-interval-ms", paramLabel = "N", defaultValue = "1000",
        description = "the generator closes one input file per interval (default ${DEFAULT-VALUE})")
    long fileIntervalMs;
    @Option(names = "--curate-pause-seconds", paramLabel = "S", defaultValue = "0",
        description = "pause between curate runs during rate runs (default ${DEFAULT-VALUE}: back to back)")
    long curatePauseSeconds;
    @Option(names = "--merge-sizes", paramLabel = "ROWS", split = ",", defaultValue = "100000,1000000,5000000",
        description = "curated table sizes in rows (default ${DEFAULT-VALUE})")
    List<Long> mergeSizes;
    @Option(names = "--merge-changes", paramLabel = "N", defaultValue = "10000",
        description = "changes merged into each table (default ${DEFAULT-VALUE})")
    int mergeChanges;
    @Option(names = "--merge-modes", paramLabel = "MODE", split = ",", defaultValue = "cow,dv",
        description = "cow,dv (default both)")
    List<String> mergeModes;
    @Option(names = "--merge-hot-keys", paramLabel = "KEYS", split = ",", defaultValue = "0",
        description = "key spaces of the changes, the table's lowest keys (as an identity key's newest rows take"
            + " most changes); 0 spreads them over the whole table (default ${DEFAULT-VALUE})")
    List<Long> mergeHotKeys;
    @Option(names = "--merge-peers", paramLabel = "PEER", split = ",", defaultValue = "delta,hudi",
        description = "what each merge case times beside the curate run, on the same changes and starting rows:"
            + " delta (a plain Delta MERGE into a copy of the table), hudi (Apache Hudi upserts into a"
            + " copy-on-write and a merge-on-read table) (default ${DEFAULT-VALUE})")
    List<String> mergePeers;
    @Option(names = "--rebuild-sizes", paramLabel = "ROWS", split = ",", defaultValue = "5000000",
        description = "rebuild section: rows of each table's full load (default ${DEFAULT-VALUE})")
    List<Long> rebuildSizes;
    @Option(names = "--rebuild-changes", paramLabel = "N", defaultValue = "100000",
        description = "rebuild section: changes after the load, part of the history rebuilt (default"
            + " ${DEFAULT-VALUE}); the hudi peer of --merge-peers also upserts the history into an empty Hudi table")
    int rebuildChanges;
    @Option(names = "--source", paramLabel = "files|kinesis", defaultValue = "files",
        description = "ingest source of the rate runs (default ${DEFAULT-VALUE}; kinesis needs the EMR connector"
            + " jar on the classpath: run-benchmarks.sh --kinesis-connector-jar PATH)")
    String source;
    @Option(names = "--stream", paramLabel = "NAME", description = "Kinesis stream (source kinesis)")
    String stream;
    @Option(names = "--region", paramLabel = "R", description = "AWS region (default: AWS_REGION, else us-east-1)")
    String region;
    @Option(names = "--shards", paramLabel = "N", defaultValue = "2",
        description = "shards of the stream when it must be created (default ${DEFAULT-VALUE})")
    int shards;
    @Option(names = "--endpoint", paramLabel = "URL", description = "Kinesis endpoint override for AWS")
    String endpoint;
    @Option(names = "--kinesis-local", paramLabel = "URL", description = "the kinesis-local emulator at URL")
    String kinesisLocal;
    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
        description = "Spark master (default ${DEFAULT-VALUE})")
    String master;
    @Option(names = "--help", usageHelp = true, description = "this text")
    boolean help;

    BenchmarkOptions check() {
      Path outDir = out != null ? out : Path.of("bench-results/"
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
      for (String s : sections) {
        if (!SECTIONS.contains(s.trim())) {
          throw new IllegalArgumentException("--sections: unknown section '" + s + "'; known: " + SECTIONS);
        }
      }
      if (tables.isEmpty()) {
        throw new IllegalArgumentException("--tables: no tables given; expected " + TableLoad.SPEC + ",...");
      }
      return new BenchmarkOptions(outDir, work != null ? work : outDir.resolve("work"), keepWork,
          Set.copyOf(sections.stream().map(String::trim).toList()), seed, mix, List.copyOf(tables),
          positive("drain-records", drainRecords), (int) positive("records-per-file", recordsPerFile),
          (int) positive("drain-files-per-batch", drainFilesPerBatch), List.copyOf(rates),
          Duration.ofSeconds(positive("rate-duration", rateDuration)), Duration.ofSeconds(rampSeconds),
          (int) positive("trigger-seconds", triggerSeconds),
          Duration.ofMillis(positive("file-interval-ms", fileIntervalMs)), Duration.ofSeconds(curatePauseSeconds),
          List.copyOf(mergeSizes), (int) positive("merge-changes", mergeChanges), mergeModes(), hotKeys(),
          peers(), sizes("--rebuild-sizes", rebuildSizes), (int) positive("rebuild-changes", rebuildChanges),
          columns(), tablesSettings(), curateTablesSettings(), source(), master);
    }

    private IngestSource source() {
      return switch (source) {
        case "files" -> new IngestSource.Files();
        case "kinesis" -> {
          if (kinesisLocal != null && endpoint != null) {
            throw new IllegalArgumentException("give either --kinesis-local or --endpoint, not both");
          }
          if (stream == null) {
            throw new IllegalArgumentException("--stream is required with --source kinesis");
          }
          yield new IngestSource.Kinesis(stream,
              region != null ? region : Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"),
              Optional.ofNullable(kinesisLocal != null ? kinesisLocal : endpoint), kinesisLocal != null, shards);
        }
        default -> throw new IllegalArgumentException("--source must be files or kinesis, was '" + source + "'");
      };
    }

    private List<Boolean> mergeModes() {
      List<Boolean> modes = new ArrayList<>();
      for (String m : mergeModes) {
        switch (m.trim()) {
          case "cow" -> modes.add(false);
          case "dv" -> modes.add(true);
          default -> throw new IllegalArgumentException("--merge-modes: '" + m + "' is neither cow nor dv");
        }
      }
      return modes;
    }

    private Set<MergePeer> peers() {
      if (mergePeers.isEmpty()) {
        throw new IllegalArgumentException("--merge-peers: no peer given; expected delta, hudi or both");
      }
      EnumSet<MergePeer> peers = EnumSet.noneOf(MergePeer.class);
      mergePeers.forEach(p -> peers.add(MergePeer.parse(p)));
      return Collections.unmodifiableSet(peers);
    }

    private List<Long> hotKeys() {
      for (long k : mergeHotKeys) {
        if (k < 0) {
          throw new IllegalArgumentException("--merge-hot-keys: " + k + " is negative (0 means the whole table)");
        }
      }
      if (mergeHotKeys.isEmpty()) {
        throw new IllegalArgumentException("--merge-hot-keys: no value given");
      }
      return List.copyOf(mergeHotKeys);
    }

    private static List<Long> sizes(String option, List<Long> sizes) {
      if (sizes.isEmpty()) {
        throw new IllegalArgumentException(option + ": no size given");
      }
      for (long n : sizes) {
        if (n < 1 || n > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(option + ": " + n + " is not a row count between 1 and "
              + Integer.MAX_VALUE + " (the generator's key space)");
        }
      }
      return List.copyOf(sizes);
    }

    private int columns() {
      if (columns < FillerColumns.BASE_COLUMNS) {
        throw new IllegalArgumentException("--columns must be at least " + FillerColumns.BASE_COLUMNS
            + " (the generator's own columns), was " + columns);
      }
      return columns;
    }

    private TablesBenchmark.Settings tablesSettings() {
      if (tableCounts.isEmpty()) {
        throw new IllegalArgumentException("--table-counts: no table count given");
      }
      int records = (int) positive("tables-batch-records", tablesBatchRecords);
      if (tablesBatches < 2) {
        throw new IllegalArgumentException("--tables-batches must be at least 2 (the first batch is not counted),"
            + " was " + tablesBatches);
      }
      int files = (int) positive("tables-files-per-batch", tablesFilesPerBatch);
      if (records % files != 0) {
        throw new IllegalArgumentException("--tables-batch-records " + records + " must be a multiple of"
            + " --tables-files-per-batch " + files + ", so every micro-batch has exactly the same records");
      }
      return new TablesBenchmark.Settings(within("--table-counts", tableCounts, 100_000, "a table count"),
          columns(), records, tablesBatches, files);
    }

    private CurateTablesBenchmark.Settings curateTablesSettings() {
      if (curateTableCounts.isEmpty() || curateParallelism.isEmpty()) {
        throw new IllegalArgumentException("--curate-table-counts and --curate-parallelism need a value each");
      }
      return new CurateTablesBenchmark.Settings(
          within("--curate-table-counts", curateTableCounts, 10_000, "a table count"),
          (int) positive("curate-changes-per-table", curateChangesPerTable),
          within("--curate-parallelism", curateParallelism, 256, "a parallelism"));
    }

    private static List<Integer> within(String option, List<Long> values, int max, String what) {
      for (long n : values) {
        if (n < 1 || n > max) {
          throw new IllegalArgumentException(option + ": " + n + " is not " + what + " between 1 and " + max);
        }
      }
      return values.stream().map(Long::intValue).toList();
    }

    private static long positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("--" + name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
