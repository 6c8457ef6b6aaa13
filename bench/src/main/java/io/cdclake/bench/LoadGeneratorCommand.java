package io.cdclake.bench;

import io.cdclake.bench.load.ChangeSource;
import io.cdclake.bench.load.JsonLinesFileSink;
import io.cdclake.bench.load.KinesisClients;
import io.cdclake.bench.load.KinesisSink;
import io.cdclake.bench.load.LoadGenerator;
import io.cdclake.bench.load.LoadReport;
import io.cdclake.bench.load.Pacer;
import io.cdclake.bench.load.PartitionKeyMode;
import io.cdclake.bench.load.PutRecordsBatches;
import io.cdclake.bench.load.RateSchedule;
import io.cdclake.bench.load.RecordSink;
import io.cdclake.bench.load.StreamAdmin;
import io.cdclake.bench.load.TableLoad;
import io.cdclake.bench.load.Ticker;
import io.cdclake.common.dms.synth.ChangeMix;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code load-generator}: sends DMS-shaped change records at a target rate to a Kinesis stream (AWS or the
 * {@code kinesis-local} emulator) or to JSON-lines files for the ingest {@code files} source.
 *
 * <pre>
 * load-generator --sink kinesis --stream cdc-stream --region eu-west-1 --rate 2000 --ramp-seconds 30 --duration 120
 * load-generator --sink kinesis --kinesis-local http://127.0.0.1:4568 --create-stream --shards 2 --stream bench ...
 * load-generator --sink files --out /tmp/dms-in --file-interval-ms 1000 --rate 500 --duration 60
 * </pre>
 */
@Command(name = "load-generator", abbreviateSynopsis = true, sortOptions = false,
    description = "DMS-shaped change records at a target rate.",
    footer = "Each record carries its creation time in the data column created_at_ms (epoch ms).")
public final class LoadGeneratorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;
  @Option(names = "--sink", paramLabel = "kinesis|files", defaultValue = "kinesis",
      description = "where records go (default ${DEFAULT-VALUE})")
  String sink;
  @Option(names = "--stream", paramLabel = "NAME", description = "Kinesis stream (sink kinesis)")
  String stream;
  @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION, else us-east-1)")
  String region;
  @Option(names = "--endpoint", paramLabel = "URL",
      description = "Kinesis endpoint override for real AWS (VPC endpoint); default credentials")
  String endpoint;
  @Option(names = "--kinesis-local", paramLabel = "URL",
      description = "the kinesis-local emulator at URL, with dummy credentials")
  String kinesisLocal;
  @Option(names = "--create-stream", description = "create the stream if missing (--shards) and wait until active")
  boolean createStream;
  @Option(names = "--shards", paramLabel = "N", defaultValue = "2",
      description = "shards of a stream --create-stream creates (default ${DEFAULT-VALUE})")
  int shards;
  @Option(names = "--out", paramLabel = "DIR", description = "directory for JSON-lines files (sink files)")
  Path out;
  @Option(names = "--file-interval-ms", paramLabel = "N", defaultValue = "1000",
      description = "one file per N ms (default ${DEFAULT-VALUE})")
  long fileIntervalMs;
  @Option(names = "--rate", paramLabel = "N", defaultValue = "1000",
      description = "records per second after the ramp (default ${DEFAULT-VALUE})")
  double rate;
  @Option(names = "--ramp-seconds", paramLabel = "N", defaultValue = "0",
      description = "linear ramp from 0 to the rate (default ${DEFAULT-VALUE})")
  long rampSeconds;
  @Option(names = "--duration", paramLabel = "N", defaultValue = "60",
      description = "run seconds, ramp included (default ${DEFAULT-VALUE})")
  long durationSeconds;
  @Option(names = "--tables", paramLabel = "TABLE", split = ",", defaultValue = "bench.orders:100000",
      description = "tables, each " + TableLoad.SPEC + " (default ${DEFAULT-VALUE})")
  List<TableLoad> tables;
  @Option(names = "--mix", paramLabel = "I,U,D,K,DUP",
      description = "weights of insert, update, delete, key change, duplicate (default OLTP mix)")
  ChangeMix mix = ChangeMix.oltp();
  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "seed of the generated stream (default ${DEFAULT-VALUE})")
  long seed;
  @Option(names = "--partition-key", paramLabel = "MODE", defaultValue = "primary-key",
      description = "schema-table | primary-key | schema-table-primary-key (default ${DEFAULT-VALUE})")
  PartitionKeyMode partitionKey;
  @Option(names = "--max-batch", paramLabel = "N", defaultValue = "500",
      description = "records per PutRecords call, at most 500 (default ${DEFAULT-VALUE})")
  int maxBatch;
  @Option(names = "--help", usageHelp = true, description = "this text")
  boolean help;

  LoadGeneratorCommand() {}

  public static void main(String[] argv) {
    System.exit(commandLine().execute(argv));
  }

  /**
   * The generator's command line as the bench's commands read it, ready to run on its own or as a subcommand of
   * the command-line jar's {@code Main}.
   */
  public static CommandLine commandLine() {
    return CommandLines.commandLine(new LoadGeneratorCommand());
  }

  /** After parsing: a mistake {@link #check} finds is thrown as picocli's, so it is reported like a parse error. */
  @Override
  public Integer call() throws Exception {
    try {
      check();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    System.out.println(run().summary());
    return 0;
  }

  /** Parses and checks a command line; anything wrong is an IllegalArgumentException. */
  static LoadGeneratorCommand parse(String... argv) {
    return CommandLines.parse(new LoadGeneratorCommand(), argv).check();
  }

  /** Rejects what the options alone show to be wrong, before a client is made or a record sent. */
  LoadGeneratorCommand check() {
    schedule();
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("--tables: no tables given; expected " + TableLoad.SPEC + ",...");
    }
    if (maxBatch < 1 || maxBatch > PutRecordsBatches.MAX_RECORDS) {
      throw new IllegalArgumentException("--max-batch must be between 1 and " + PutRecordsBatches.MAX_RECORDS);
    }
    switch (sink) {
      case "kinesis" -> {
        if (stream == null) {
          throw new IllegalArgumentException("--stream is required with --sink kinesis");
        }
        if (kinesisLocal != null && endpoint != null) {
          throw new IllegalArgumentException("give either --kinesis-local (emulator) or --endpoint (AWS), not both");
        }
      }
      case "files" -> {
        if (out == null) {
          throw new IllegalArgumentException("--out is required with --sink files");
        }
      }
      default -> throw new IllegalArgumentException("--sink must be kinesis or files, was '" + sink + "'");
    }
    return this;
  }

  private RateSchedule schedule() {
    return new RateSchedule(rate, Duration.ofSeconds(rampSeconds), Duration.ofSeconds(durationSeconds));
  }

  LoadReport run() throws Exception {
    RateSchedule schedule = schedule();
    ChangeSource source = new ChangeSource(tables, mix, seed, Instant.now(), partitionKey);
    KinesisClient client = null;
    RecordSink records;
    if (sink.equals("kinesis")) {
      String at = region != null ? region : Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1");
      client = kinesisLocal != null
          ? KinesisClients.emulator(at, URI.create(kinesisLocal))
          : KinesisClients.aws(at, Optional.ofNullable(endpoint).map(URI::create));
      if (createStream) {
        new StreamAdmin(client).ensureActive(stream, shards, Duration.ofMinutes(5));
      }
      records = KinesisSink.withDefaults(client, stream);
    } else {
      records = new JsonLinesFileSink(out, Duration.ofMillis(fileIntervalMs), System::currentTimeMillis);
    }
    double burst = Math.max(maxBatch, schedule.targetPerSecond());
    Pacer pacer = new Pacer(schedule, Ticker.system(), burst, Duration.ofMillis(50));
    try (RecordSink s = records) {
      return new LoadGenerator(source, s, schedule, pacer, System::currentTimeMillis, maxBatch).run();
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }
}
