package io.cdclake.app;

import io.cdclake.common.pci.HashKey;
import io.cdclake.ingest.IngestJob;
import io.cdclake.ingest.IngestReport;
import io.cdclake.ingest.IngestSupervisor;
import io.cdclake.common.metrics.EmfLogSink;
import org.apache.spark.sql.streaming.StreamingQueryException;

/** {@code ingest}: the long-running stream, or one available-now pass for replays and local runs. */
final class IngestCommand {
  private final CommandLine cl;

  IngestCommand(CommandLine cl) {
    this.cl = cl;
    cl.allowOnly("available-now");
  }

  int run() {
    JobContext ctx = JobContext.start(cl, "ingest");
    HashKey key = HashKey.resolve(ctx.config().pci(), System.getenv());
    if (cl.flag("available-now")) {
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
