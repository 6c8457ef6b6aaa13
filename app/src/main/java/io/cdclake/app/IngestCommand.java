package io.cdclake.app;

import io.cdclake.common.lock.WriterLock;
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
  /** Renewed every 100 s: a stream that died frees the checkpoint for its successor within 5 minutes. */
  private static final java.time.Duration LEASE = java.time.Duration.ofMinutes(5);
  @Mixin
  JobOptions job;

  @Option(names = "--available-now", description = "process what is there and exit")
  boolean availableNow;

  @Override
  public Integer call() {
    JobContext ctx = JobContext.start(job, "ingest");
    HashKey key = HashKey.resolve(ctx.config().pci(), System.getenv());
    try (WriterLock lock = ctx.lock("ingest", LEASE)) {
      if (availableNow) {
        IngestReport report = IngestJob.runAvailableNow(ctx.spark(), ctx.config(), key);
        System.out.print(report.render());
        return 0;
      }
      IngestSupervisor supervisor = new IngestSupervisor(() -> IngestJob.start(ctx.spark(), ctx.config(), key),
          IngestSupervisor.RestartPolicy.defaults(), new EmfLogSink(), d -> Thread.sleep(d.toMillis()));
      // Another stream took the checkpoint over (this one stalled past its lease): stop writing at once.
      lock.onLost(supervisor::stop);
      // On SIGTERM (step cancelled, cluster shutting down) stop between batches rather than mid-write.
      Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop));
      try {
        supervisor.run();
      } catch (StreamingQueryException e) {
        throw new IllegalStateException("ingest stream failed; it resumes from its checkpoint when restarted: "
            + e.getMessage(), e);
      }
      if (lock.lost()) {
        throw new IllegalStateException("ingest stopped: another ingest took its lock over (see the log)");
      }
      return 0;
    }
  }
}
