package io.cdclake.ops;

import io.cdclake.ops.dms.BeforeImageColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Command-line options of {@code provision}, read by {@link Provision}; each description says what it means. */
public final class ProvisionOptions {
  /** A resource family provisioning manages. */
  public enum Part {
    DMS, S3, GLUE, KINESIS, ALARMS, DYNAMODB;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  // Required, unlike the jobs' --env: provisioning the wrong account by default would be worse than a usage error.
  @Option(names = "--env", required = true, paramLabel = "<name>",
      description = "environment to load: <conf-dir>/<name>.json (required)")
  String environment;

  @Option(names = "--conf-dir", paramLabel = "<dir>",
      description = "configuration directory (default: ${DEFAULT-VALUE})")
  Path confDir = Path.of("conf");

  @Option(names = "--dry-run", description = "print the plan and change nothing")
  boolean dryRun;

  // Repeatable: a relational task and a DocumentDB task can write to the one stream; each task's source endpoint
  // decides which contracts it selects.
  @Option(names = "--replication-task-arn", paramLabel = "<arn>",
      description = "DMS replication task to manage, repeatable (must be stopped to apply)")
  List<String> replicationTaskArns = new ArrayList<>();

  @Option(names = "--endpoint-arn", paramLabel = "<arn>",
      description = "DMS Kinesis target endpoint or DocumentDB source endpoint to manage, repeatable")
  List<String> endpointArns = new ArrayList<>();

  @Option(names = "--kms-key-id", paramLabel = "<id|arn|alias>",
      description = "KMS key for bucket and stream encryption (required for s3, kinesis)")
  Optional<String> kmsKeyId = Optional.empty();

  @Option(names = "--bucket", paramLabel = "<name>",
      description = "bucket to protect, repeatable (default: the buckets of the zones)")
  List<String> buckets = new ArrayList<>();

  @Option(names = "--region", paramLabel = "<region>",
      description = "AWS region (default: catalog.region of the environment)")
  Optional<String> region = Optional.empty();

  @Option(names = "--aws-endpoint-url", paramLabel = "<url>",
      description = "endpoint override for all AWS clients (LocalStack)")
  Optional<String> awsEndpointUrl = Optional.empty();

  @Option(names = "--before-image-columns", paramLabel = "<filter>", converter = BeforeImageConverter.class,
      description = "pk-only (default) or all")
  BeforeImageColumns beforeImage = BeforeImageColumns.PK_ONLY;

  @Option(names = "--only", split = ",", paramLabel = "<parts>", converter = PartConverter.class,
      defaultValue = "dms,s3,glue,kinesis,alarms,dynamodb", description = "comma-separated subset of: ${DEFAULT-VALUE}")
  Set<Part> parts;

  @Option(names = "--alarm-topic-arn", paramLabel = "<arn>",
      description = "SNS topic the CloudWatch alarms notify (without it they notify nobody)")
  Optional<String> alarmTopicArn = Optional.empty();

  @Option(names = "--ingest-silence-minutes", paramLabel = "<n>", defaultValue = "10",
      description = "alarm when no ingest batch arrives for this long (default: ${DEFAULT-VALUE})")
  int ingestSilenceMinutes;

  @Option(names = "--curate-silence-minutes", paramLabel = "<n>", defaultValue = "60",
      description = "alarm when no curate run happens for this long; a few schedule intervals"
          + " (default: ${DEFAULT-VALUE})")
  int curateSilenceMinutes;

  @Option(names = "--freshness-objective-minutes", paramLabel = "<n>", defaultValue = "60",
      description = "alarm when a table is this far behind its source after a run (default: ${DEFAULT-VALUE})")
  int freshnessObjectiveMinutes;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this text")
  private boolean help;

  /** Parts are named as the plan prints them ({@code dms}), in any case, as they always were. */
  static final class PartConverter implements ITypeConverter<Part> {
    @Override
    public Part convert(String value) {
      return Arrays.stream(Part.values()).filter(p -> p.cliName().equalsIgnoreCase(value.trim())).findFirst()
          .orElseThrow(() -> new TypeConversionException("unknown part '" + value
              + "', expected some of dms,s3,glue,kinesis,alarms,dynamodb"));
    }
  }

  static final class BeforeImageConverter implements ITypeConverter<BeforeImageColumns> {
    @Override
    public BeforeImageColumns convert(String value) {
      try {
        return BeforeImageColumns.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
