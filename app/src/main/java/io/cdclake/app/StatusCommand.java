package io.cdclake.app;

import io.cdclake.status.LakeStatus;
import io.cdclake.status.StatusCollector;
import io.cdclake.status.StatusOptions;
import io.cdclake.status.StatusPage;
import io.cdclake.status.StatusPublisher;
import io.cdclake.status.StatusText;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * {@code status}: every table's health, printed and written as a self-contained HTML page beside the zones. With
 * {@code --check} it fails (exit 1) when a table is FAILING or STALE, so a scheduler can alarm on it.
 */
final class StatusCommand {
  private final CommandLine cl;

  StatusCommand(CommandLine cl) {
    this.cl = cl;
    cl.allowOnly("html", "freshness-objective-minutes", "check");
  }

  int run() {
    int objective = cl.intOption("freshness-objective-minutes", 1, 60);
    JobContext ctx = JobContext.start(cl, "status");
    return print(ctx.spark(), ctx, StatusOptions.defaults().withFreshnessObjective(Duration.ofMinutes(objective)),
        cl.option("html").orElse(StatusPublisher.defaultLocation(ctx.config().zones())), cl.flag("check"));
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
