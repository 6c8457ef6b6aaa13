package io.cdclake.app;

import io.cdclake.status.LakeStatus;
import io.cdclake.status.StatusCollector;
import io.cdclake.status.StatusOptions;
import io.cdclake.status.StatusPage;
import io.cdclake.status.StatusPublisher;
import io.cdclake.status.StatusText;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code status}: every table's health, printed and written as a self-contained HTML page beside the zones. With
 * {@code --check} it fails (exit 1) when a table is FAILING or STALE, so a scheduler can alarm on it.
 */
@Command(name = "status", description = "every table's health (freshness, last ingest and curate, rows,"
    + " quarantine), printed and written as an HTML page")
final class StatusCommand implements Callable<Integer> {
  @Mixin
  JobOptions job;

  @Option(names = "--html", paramLabel = "PATH", description = "where the page goes (default: status.html beside"
      + " the zones)")
  Optional<String> html = Optional.empty();

  @Option(names = "--freshness-objective-minutes", paramLabel = "N", converter = AtLeastOne.class,
      description = "a table older than this is STALE (default: ${DEFAULT-VALUE})")
  int freshnessObjectiveMinutes = 60;

  @Option(names = "--check", description = "exit 1 when a table is FAILING or STALE")
  boolean check;

  @Override
  public Integer call() {
    JobContext ctx = JobContext.start(job, "status");
    return print(ctx.spark(), ctx,
        StatusOptions.defaults().withFreshnessObjective(Duration.ofMinutes(freshnessObjectiveMinutes)),
        html.orElse(StatusPublisher.defaultLocation(ctx.config().zones())), check);
  }

  /** Collects, prints and publishes; shared with {@code local-run}, which ends with it. */
  static int print(SparkSession spark, JobContext ctx, StatusOptions options, String html, boolean check) {
    LakeStatus status = new StatusCollector(spark, ctx.config(), options).collect(Instant.now());
    System.out.print(StatusText.render(status));
    StatusPublisher.write(html, StatusPage.render(status), spark.sparkContext().hadoopConfiguration());
    System.out.println("status page: " + html);
    return check && status.needsAction() ? 1 : 0;
  }
}
