package io.cdclake.bench;

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
    IngestSource source,
    String master) {

  static final Set<String> SECTIONS = Set.of("drain", "rates", "merge");
  static final Set<String> OPTIONS = Set.of("out", "work", "sections", "seed", "mix", "tables", "drain-records",
      "records-per-file", "drain-files-per-batch", "rates", "rate-duration", "ramp-seconds", "trigger-seconds",
      "file-interval-ms", "curate-pause-seconds", "merge-sizes", "merge-changes", "merge-modes", "source", "stream",
      "region", "endpoint", "kinesis-local", "shards", "master");
  static final Set<String> FLAGS = Set.of("keep-work", "help");

  static final String USAGE = """
      benchmark: measured ingest throughput, end-to-end latency and curate merge cost on this machine.
        --out DIR                 results directory (default bench-results/<timestamp>)
        --work DIR                scratch lakes (default <out>/work, deleted at the end unless --keep-work)
        --sections LIST           drain,rates,merge (default all three)
        --seed N                  seed of the generated records (default 42)
        --mix I,U,D,K,DUP         change mix weights (default the OLTP mix)
        --tables LIST             tables of the drain and rate runs, schema.table:keySpace[:weight],...
                                  (default bench.orders:100000:3,bench.accounts:20000:1)
        --drain-records N         backlog drained by one ingest run (default 200000)
        --records-per-file N      records per input file of the backlog (default 10000)
        --drain-files-per-batch N input files per ingest micro-batch while draining (default 5)
        --rates LIST              offered rates in records/s (default 500,2000)
        --rate-duration S         seconds of load per rate, ramp included (default 60)
        --ramp-seconds S          linear ramp at the start of each rate (default 10)
        --trigger-seconds S       ingest micro-batch interval during rate runs (default 5; production uses 30)
        --file-interval-ms N      the generator closes one input file per interval (default 1000)
        --curate-pause-seconds S  pause between curate runs during rate runs (default 0: back to back)
        --merge-sizes LIST        curated table sizes in rows (default 100000,1000000,5000000)
        --merge-changes N         changes merged into each table (default 10000)
        --merge-modes LIST        cow,dv (default both)
        --source files|kinesis    ingest source of the rate runs (default files; kinesis needs the EMR connector
                                  jar on the classpath: run-benchmarks.sh --kinesis-connector-jar PATH)
        --stream NAME --region R  Kinesis stream (source kinesis); --shards N when it must be created (default 2)
        --endpoint URL            Kinesis endpoint override for AWS; --kinesis-local URL for the emulator
        --master URL              Spark master (default local[*])""";

  static BenchmarkOptions parse(Args a) {
    Path out = Path.of(a.get("out").orElse("bench-results/"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))));
    Path work = Path.of(a.get("work").orElse(out.resolve("work").toString()));
    Set<String> sections = Set.copyOf(Arrays.asList(a.get("sections", "drain,rates,merge").split(",")));
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
        modes, source, a.get("master", "local[*]"));
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
