package io.cdclake.app;

import io.cdclake.common.metrics.EmfLogSink;
import io.cdclake.common.pci.HashKey;
import io.cdclake.ingest.IngestJob;
import io.cdclake.ingest.IngestReport;
import io.cdclake.ingest.IngestSupervisor;
import java.util.concurrent.Callable;
import org.apache.spark.sql.streaming.StreamingQueryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ingest}: the long-running stream, or one available-now pass for replays and local runs. */
@Command(name = "ingest", description = "stream DMS records into the raw zone (runs until stopped)")
final class IngestCommand implements Callable<Integer> {
  @Mixin
  JobOptions job;

  @Option(names = "--available-now", description = "process what is there and exit")
  boolean availableNow;

  @Override
  public Integer call() {
    JobContext ctx = JobContext.start(job, "ingest");
    HashKey key = HashKey.resolve(ctx.config().pci(), System.getenv());
    if (availableNow) {
      IngestReport report = IngestJob.runAvailableNow(ctx.spark(), ctx.config(), key);
      System.out.print(report.render());
      return 0;
    }
    IngestSupervisor supervisor = new IngestSupervisor(() -> IngestJob.start(ctx.spark(), ctx.config(), key),
        IngestSupervisor.RestartPolicy.defaults(), new EmfLogSink(), d -> Thread.sleep(d.toMillis()));
    // On SIGTERM (step cancelled, cluster shutting down) stop between batches rather than mid-write.
    Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop));
    try {
      supervisor.run();
      return 0;
    } catch (StreamingQueryException e) {
      throw new IllegalStateException("ingest stream failed; it resumes from its checkpoint when restarted: "
          + e.getMessage(), e);
    }
  }
}
