package io.cdclake.ops;

import io.cdclake.common.config.CatalogMode;
import io.cdclake.common.config.ConfigException;
import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.KinesisSourceConfig;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.SourceKind;
import io.cdclake.ops.ProvisionOptions.Part;
import io.cdclake.ops.aws.AwsClients;
import io.cdclake.ops.cloudwatch.AlarmPlanner;
import io.cdclake.ops.cloudwatch.AlarmSettings;
import io.cdclake.ops.dms.DmsPlanner;
import io.cdclake.ops.dynamodb.DynamoDbStreamingPlanner;
import io.cdclake.ops.glue.GluePlanner;
import io.cdclake.ops.kinesis.KinesisPlanner;
import io.cdclake.ops.kinesis.PipelineStream;
import io.cdclake.ops.plan.Plan;
import io.cdclake.ops.s3.S3Planner;
import io.cdclake.ops.s3.ZoneBuckets;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code provision}: brings the AWS resources around the pipeline in line with its configuration and data
 * contracts. Reading state and building the desired requests is kept apart from applying them ({@link Plan}),
 * so {@code --dry-run} shows exactly what a real run would do.
 */
@Command(name = "provision", sortOptions = false,
    description = {"create/update DMS mappings, S3 zones, Kinesis encryption, Glue database, DynamoDB streaming", "",
        "Creates or updates, from conf/<env>.json and its data contracts: the DMS task's table mappings and"
            + " before-image settings, the DMS Kinesis target endpoint's message settings, default encryption"
            + " (SSE-KMS, bucket key) and public access block of the lake buckets, encryption of the Kinesis"
            + " stream, the Glue database, and the Kinesis streaming destination of DynamoDB tables. Prints every"
            + " change as a diff of current and desired state.", ""},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done (or dry run printed)", "1:AWS or state error", "2:usage or configuration error"})
public final class Provision implements Callable<Integer> {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  @Mixin
  private ProvisionOptions options;
  @Spec
  private CommandSpec spec;

  private final PrintStream out;
  private final Map<String, String> env;
  private final BiFunction<String, Optional<String>, AwsClients> clientFactory;

  /** The {@code provision} subcommand as the application runs it: real AWS clients, the process environment. */
  public Provision(PrintStream out) {
    this(out, System.getenv(), AwsClients::create);
  }

  public Provision(PrintStream out, Map<String, String> env,
      BiFunction<String, Optional<String>, AwsClients> clientFactory) {
    this.out = out;
    this.env = env;
    this.clientFactory = clientFactory;
  }

  /** Runs {@code provision} on its own, every message on {@code out}; returns the process exit status. */
  public static int run(String[] args, PrintStream out, Map<String, String> env,
      BiFunction<String, Optional<String>, AwsClients> clientFactory) {
    CommandLine cli = new CommandLine(new Provision(out, env, clientFactory));
    cli.setOut(new PrintWriter(out, true));
    cli.setParameterExceptionHandler((e, ignored) -> {
      out.println("provision: " + e.getMessage());
      e.getCommandLine().usage(out);
      return USAGE;
    });
    return cli.execute(args);
  }

  /** After parsing: a usage mistake found here is thrown as picocli's, so it is reported like a parse error. */
  @Override
  public Integer call() {
    PipelineConfig config;
    try {
      config = new ConfigLoader(env).loadEnvironment(options.confDir, options.environment);
    } catch (ConfigException e) {
      out.println("provision: configuration error: " + e.getMessage());
      return USAGE;
    }
    requireKmsKeyWhereNeeded(config);
    requirePositiveAlarmMinutes();

    String region = options.region.orElse(config.catalog().region());
    out.printf("provision: environment '%s' (%s), %d data contract(s), region %s%s%n", config.environment(),
        config.sourceFile(), config.tables().size(), region,
        options.dryRun ? ", DRY RUN: nothing will be changed" : "");
    try (AwsClients clients = clientFactory.apply(region, options.awsEndpointUrl)) {
      Plan plan = plan(options, config, clients);
      plan.print(out);
      if (options.dryRun) {
        out.println("Dry run: no change made.");
        return OK;
      }
      int applied = plan.apply(out);
      out.println("Applied " + applied + " change(s).");
      return OK;
    } catch (ProvisionException | Plan.ApplyException e) {
      out.println("provision: " + e.getMessage());
      return FAILED;
    } catch (SdkException e) {
      out.println("provision: AWS call failed: " + e.getMessage()
          + " (check the credentials, region and the provisioning role's permissions)");
      return FAILED;
    }
  }

  /** Reads current state and lists every change; makes none. */
  public static Plan plan(ProvisionOptions options, PipelineConfig config, AwsClients clients) {
    Plan plan = new Plan();
    if (wanted(options, Part.DMS, plan)) {
      if (options.replicationTaskArns.isEmpty() && options.endpointArns.isEmpty()) {
        plan.skip("dms", "no --replication-task-arn or --endpoint-arn given");
      } else {
        planDms(plan, options, config, new DmsPlanner(clients.dms()));
      }
    }
    if (wanted(options, Part.S3, plan)) {
      Collection<String> buckets = buckets(options, config);
      if (buckets.isEmpty()) {
        plan.skip("s3", "the zones are not on S3 and no --bucket was given");
      } else {
        new S3Planner(clients.s3()).plan(plan, buckets, options.kmsKeyId.orElseThrow());
      }
    }
    if (wanted(options, Part.GLUE, plan)) {
      if (config.catalog().mode() != CatalogMode.GLUE) {
        plan.skip("glue", "catalog.mode is " + config.catalog().mode().name().toLowerCase(Locale.ROOT));
      } else {
        new GluePlanner(clients.glue()).plan(plan, config);
      }
    }
    if (wanted(options, Part.KINESIS, plan)) {
      Optional<KinesisSourceConfig> kinesis = kinesisSource(config);
      if (kinesis.isEmpty()) {
        plan.skip("kinesis", "ingest.source is " + config.ingest().source().name().toLowerCase(Locale.ROOT));
      } else {
        new KinesisPlanner(clients.kinesis()).plan(plan, kinesis.get().streamName(), options.kmsKeyId.orElseThrow());
      }
    }
    if (wanted(options, Part.DYNAMODB, plan)) {
      planDynamoDb(plan, config, clients);
    }
    if (wanted(options, Part.ALARMS, plan)) {
      new AlarmPlanner(clients.cloudWatch()).plan(plan, config, alarmSettings(options));
    }
    return plan;
  }

  private static void planDms(Plan plan, ProvisionOptions options, PipelineConfig config, DmsPlanner dms) {
    Set<SourceDatabase> replicated = EnumSet.noneOf(SourceDatabase.class);
    for (String arn : options.replicationTaskArns) {
      replicated.add(dms.planTask(plan, arn, config.tables(), options.beforeImage, options.endpointArns));
    }
    for (String arn : options.endpointArns) {
      dms.planEndpoint(plan, arn, config.tables());
    }
    if (options.replicationTaskArns.isEmpty()) {
      return;
    }
    // Said, not refused: the other kind's task may be managed by a separate run or by hand.
    for (SourceDatabase kind : List.of(SourceDatabase.RELATIONAL, SourceDatabase.DOCUMENTDB)) {
      long contracts = config.tables().stream().filter(t -> t.database() == kind).count();
      if (contracts > 0 && !replicated.contains(kind)) {
        plan.skip("dms " + kind.name().toLowerCase(Locale.ROOT) + " contracts", contracts + " contract(s), but no"
            + " --replication-task-arn given reads from a " + (kind == SourceDatabase.DOCUMENTDB ? "DocumentDB"
            : "relational") + " source endpoint, so none of their mappings is managed by this run");
      }
    }
  }

  private static void planDynamoDb(Plan plan, PipelineConfig config, AwsClients clients) {
    Optional<KinesisSourceConfig> kinesis = kinesisSource(config);
    if (config.tables().stream().noneMatch(t -> t.database() == SourceDatabase.DYNAMODB)) {
      plan.skip("dynamodb", "no data contract has source.database dynamodb");
    } else if (kinesis.isEmpty()) {
      plan.skip("dynamodb", "ingest.source is " + config.ingest().source().name().toLowerCase(Locale.ROOT));
    } else {
      String streamArn = PipelineStream.describe(clients.kinesis(), kinesis.get().streamName()).streamARN();
      new DynamoDbStreamingPlanner(clients.dynamoDb()).plan(plan, config.tables(), streamArn);
    }
  }

  private static AlarmSettings alarmSettings(ProvisionOptions options) {
    return new AlarmSettings(options.alarmTopicArn, options.ingestSilenceMinutes, options.curateSilenceMinutes,
        options.freshnessObjectiveMinutes);
  }

  private static boolean wanted(ProvisionOptions options, Part part, Plan plan) {
    if (!options.parts.contains(part)) {
      plan.skip(part.cliName(), "not selected by --only");
      return false;
    }
    return true;
  }

  private static Collection<String> buckets(ProvisionOptions options, PipelineConfig config) {
    return options.buckets.isEmpty() ? ZoneBuckets.of(config.zones()) : options.buckets;
  }

  private static Optional<KinesisSourceConfig> kinesisSource(PipelineConfig config) {
    return config.ingest().source() == SourceKind.KINESIS ? config.ingest().kinesis() : Optional.empty();
  }

  private void requirePositiveAlarmMinutes() {
    Map<String, Integer> minutes = Map.of("--ingest-silence-minutes", options.ingestSilenceMinutes,
        "--curate-silence-minutes", options.curateSilenceMinutes,
        "--freshness-objective-minutes", options.freshnessObjectiveMinutes);
    minutes.forEach((name, value) -> {
      if (value < 1) {
        throw new ParameterException(spec.commandLine(), name + " takes a whole number of minutes of at least 1,"
            + " not " + value);
      }
    });
  }

  /** Fails before any AWS call, so that a forgotten key never leaves a half-provisioned account. */
  private void requireKmsKeyWhereNeeded(PipelineConfig config) {
    if (options.kmsKeyId.isPresent()) {
      return;
    }
    if (options.parts.contains(Part.S3) && !buckets(options, config).isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--kms-key-id is required: the lake buckets "
          + buckets(options, config) + " get SSE-KMS default encryption with it (or leave s3 out with --only)");
    }
    if (options.parts.contains(Part.KINESIS) && kinesisSource(config).isPresent()) {
      throw new ParameterException(spec.commandLine(), "--kms-key-id is required: the Kinesis stream is"
          + " encrypted with it (or leave kinesis out with --only)");
    }
  }
}
