package io.cdclake.ops;

import io.cdclake.ops.dms.BeforeImageColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line options of {@code provision}.
 *
 * @param environment        environment name: {@code <confDir>/<environment>.json} is loaded
 * @param confDir            configuration directory
 * @param dryRun             print the plan, change nothing
 * @param replicationTaskArn DMS task whose table mappings and before-image settings are managed
 * @param endpointArn        DMS Kinesis target endpoint whose message settings are managed
 * @param kmsKeyId           KMS key (id, ARN or alias) for bucket default encryption and stream encryption
 * @param buckets            buckets to protect; empty means the buckets of the environment's zones
 * @param region             AWS region; empty means the catalog's region from the environment file
 * @param awsEndpointUrl     endpoint override for every AWS client (LocalStack)
 * @param beforeImage        columns DMS puts in the before-image
 * @param parts              which resources to provision
 */
public record ProvisionOptions(
    String environment,
    Path confDir,
    boolean dryRun,
    Optional<String> replicationTaskArn,
    Optional<String> endpointArn,
    Optional<String> kmsKeyId,
    List<String> buckets,
    Optional<String> region,
    Optional<String> awsEndpointUrl,
    BeforeImageColumns beforeImage,
    Set<Part> parts) {

  /** A resource family provisioning manages. */
  public enum Part {
    DMS, S3, GLUE, KINESIS;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String USAGE = String.join("\n",
      "usage: provision --env <name> [options]",
      "",
      "Creates or updates, from conf/<env>.json and its data contracts: the DMS task's table mappings and",
      "before-image settings, the DMS Kinesis target endpoint's message settings, default encryption (SSE-KMS,",
      "bucket key) and public access block of the lake buckets, encryption of the Kinesis stream, and the Glue",
      "database. Prints every change as a diff of current and desired state.",
      "",
      "  --env <name>                     environment to load (required)",
      "  --conf-dir <dir>                 configuration directory (default: conf)",
      "  --dry-run                        print the plan and change nothing",
      "  --replication-task-arn <arn>     DMS replication task to manage (must be stopped to apply)",
      "  --endpoint-arn <arn>             DMS Kinesis target endpoint to manage",
      "  --kms-key-id <id|arn|alias>      KMS key for bucket and stream encryption (required for s3, kinesis)",
      "  --bucket <name>                  bucket to protect, repeatable (default: the buckets of the zones)",
      "  --region <region>                AWS region (default: catalog.region of the environment)",
      "  --aws-endpoint-url <url>         endpoint override for all AWS clients (LocalStack)",
      "  --before-image-columns <filter>  pk-only (default) or all",
      "  --only <parts>                   comma-separated subset of: dms,s3,glue,kinesis",
      "  --help                           print this text",
      "",
      "Exit status: 0 done (or dry run printed), 1 AWS or state error, 2 usage or configuration error.");

  /** Thrown for a bad command line; the message says what is wrong. */
  public static final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
      super(message);
    }
  }

  /** Returns empty when {@code --help} was asked for. */
  public static Optional<ProvisionOptions> parse(String[] args) {
    String env = null;
    Path confDir = Path.of("conf");
    boolean dryRun = false;
    String task = null;
    String endpoint = null;
    String kms = null;
    List<String> buckets = new ArrayList<>();
    String region = null;
    String awsEndpoint = null;
    BeforeImageColumns beforeImage = BeforeImageColumns.PK_ONLY;
    Set<Part> parts = EnumSet.allOf(Part.class);

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (name) {
        case "--help", "-h" -> {
          return Optional.empty();
        }
        case "--dry-run" -> dryRun = true;
        case "--env" -> env = value(args, i, name, inline);
        case "--conf-dir" -> confDir = Path.of(value(args, i, name, inline));
        case "--replication-task-arn" -> task = value(args, i, name, inline);
        case "--endpoint-arn" -> endpoint = value(args, i, name, inline);
        case "--kms-key-id" -> kms = value(args, i, name, inline);
        case "--bucket" -> buckets.add(value(args, i, name, inline));
        case "--region" -> region = value(args, i, name, inline);
        case "--aws-endpoint-url" -> awsEndpoint = value(args, i, name, inline);
        case "--before-image-columns" -> {
          try {
            beforeImage = BeforeImageColumns.parse(value(args, i, name, inline));
          } catch (IllegalArgumentException e) {
            throw new UsageException("--before-image-columns: " + e.getMessage());
          }
        }
        case "--only" -> parts = parts(value(args, i, name, inline));
        default -> throw new UsageException("unknown option '" + arg + "'");
      }
      if (inline == null && takesValue(name)) {
        i++;
      }
    }
    if (env == null) {
      throw new UsageException("--env is required (the name of conf/<env>.json)");
    }
    return Optional.of(new ProvisionOptions(env, confDir, dryRun, Optional.ofNullable(task),
        Optional.ofNullable(endpoint), Optional.ofNullable(kms), List.copyOf(buckets), Optional.ofNullable(region),
        Optional.ofNullable(awsEndpoint), beforeImage, Set.copyOf(parts)));
  }

  private static boolean takesValue(String name) {
    return !name.equals("--dry-run");
  }

  private static String value(String[] args, int i, String name, String inline) {
    String v = inline != null ? inline : (i + 1 < args.length ? args[i + 1] : null);
    if (v == null || v.isBlank() || (inline == null && v.startsWith("--"))) {
      throw new UsageException(name + " needs a value");
    }
    return v.trim();
  }

  private static Set<Part> parts(String list) {
    Set<Part> parts = EnumSet.noneOf(Part.class);
    for (String item : list.split(",")) {
      String p = item.trim();
      try {
        parts.add(Part.valueOf(p.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--only: unknown part '" + p + "', expected some of dms,s3,glue,kinesis");
      }
    }
    return parts;
  }
}
