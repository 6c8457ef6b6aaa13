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
import java.util.Set;
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
public final class LoadGeneratorCommand {
  static final Set<String> OPTIONS = Set.of("sink", "stream", "region", "endpoint", "kinesis-local", "shards", "out",
      "file-interval-ms", "rate", "ramp-seconds", "duration", "tables", "mix", "seed", "partition-key", "max-batch");
  static final Set<String> FLAGS = Set.of("create-stream", "help");

  static final String USAGE = """
      load-generator: DMS-shaped change records at a target rate.
        --sink kinesis|files          where records go (default kinesis)
        --stream NAME                 Kinesis stream (sink kinesis)
        --region REGION               AWS region (default: AWS_REGION, else us-east-1)
        --endpoint URL                Kinesis endpoint override for real AWS (VPC endpoint); default credentials
        --kinesis-local URL           the kinesis-local emulator at URL, with dummy credentials
        --create-stream               create the stream if missing (--shards N, default 2) and wait until active
        --out DIR                     directory for JSON-lines files (sink files)
        --file-interval-ms N          one file per N ms (default 1000)
        --rate N                      records per second after the ramp (default 1000)
        --ramp-seconds N              linear ramp from 0 to the rate (default 0)
        --duration N                  run seconds, ramp included (default 60)
        --tables LIST                 schema.table:keySpace[:weight],... (default bench.orders:100000)
        --mix I,U,D,K,DUP             weights of insert, update, delete, key change, duplicate (default OLTP mix)
        --seed N                      seed of the generated stream (default 42)
        --partition-key MODE          schema-table | primary-key | schema-table-primary-key (default primary-key)
        --max-batch N                 records per PutRecords call, at most 500 (default 500)
      Each record carries its creation time in the data column created_at_ms (epoch ms).""";

  private LoadGeneratorCommand() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse("load-generator", argv, OPTIONS, FLAGS);
    if (args.flag("help")) {
      System.out.println(USAGE);
      return;
    }
    LoadReport report = run(args);
    System.out.println(report.summary());
  }

  static LoadReport run(Args args) throws Exception {
    RateSchedule schedule = new RateSchedule(args.getDouble("rate", 1000),
        Duration.ofSeconds(args.getLong("ramp-seconds", 0)), Duration.ofSeconds(args.getLong("duration", 60)));
    List<TableLoad> tables = TableLoad.parseList(args.get("tables", "bench.orders:100000"));
    ChangeMix mix = args.get("mix").map(LoadGeneratorCommand::parseMix).orElse(ChangeMix.oltp());
    ChangeSource source = new ChangeSource(tables, mix, args.getLong("seed", 42), Instant.now(),
        PartitionKeyMode.parse(args.get("partition-key", "primary-key")));
    int maxBatch = args.getInt("max-batch", PutRecordsBatches.MAX_RECORDS);
    if (maxBatch < 1 || maxBatch > PutRecordsBatches.MAX_RECORDS) {
      throw new IllegalArgumentException("--max-batch must be between 1 and " + PutRecordsBatches.MAX_RECORDS);
    }
    String sinkKind = args.get("sink", "kinesis");
    KinesisClient client = null;
    RecordSink sink;
    switch (sinkKind) {
      case "kinesis" -> {
        String stream = args.require("stream");
        String region = args.get("region", Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
        Optional<String> emulator = args.get("kinesis-local");
        if (emulator.isPresent() && args.get("endpoint").isPresent()) {
          throw new IllegalArgumentException("give either --kinesis-local (emulator) or --endpoint (AWS), not both");
        }
        client = emulator.isPresent()
            ? KinesisClients.emulator(region, URI.create(emulator.get()))
            : KinesisClients.aws(region, args.get("endpoint").map(URI::create));
        if (args.flag("create-stream")) {
          new StreamAdmin(client).ensureActive(stream, args.getInt("shards", 2), Duration.ofMinutes(5));
        }
        sink = KinesisSink.withDefaults(client, stream);
      }
      case "files" -> sink = new JsonLinesFileSink(Path.of(args.require("out")),
          Duration.ofMillis(args.getLong("file-interval-ms", 1000)), System::currentTimeMillis);
      default -> throw new IllegalArgumentException("--sink must be kinesis or files, was '" + sinkKind + "'");
    }
    double burst = Math.max(maxBatch, schedule.targetPerSecond());
    Pacer pacer = new Pacer(schedule, Ticker.system(), burst, Duration.ofMillis(50));
    try (RecordSink s = sink) {
      return new LoadGenerator(source, s, schedule, pacer, System::currentTimeMillis, maxBatch).run();
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  static ChangeMix parseMix(String text) {
    String[] parts = text.split(",");
    if (parts.length != 5) {
      throw new IllegalArgumentException("--mix needs five weights: insert,update,delete,keyChange,duplicate");
    }
    double[] w = new double[5];
    for (int i = 0; i < 5; i++) {
      w[i] = Double.parseDouble(parts[i].trim());
    }
    return new ChangeMix(w[0], w[1], w[2], w[3], w[4]);
  }
}
