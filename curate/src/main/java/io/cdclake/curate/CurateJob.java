package io.cdclake.curate;

import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.PanScrubber;
import io.cdclake.common.raw.LakePaths;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled curate job: for every table contract, apply the raw-zone changes that arrived since the last
 * successful run to the table's Delta table in the curated zone. Tables are independent: one table's schema
 * conflict or failure is reported and the others still run.
 */
public final class CurateJob {
  private static final Logger LOG = LoggerFactory.getLogger(CurateJob.class);

  private CurateJob() {}

  public static CurateReport run(SparkSession spark, PipelineConfig config) {
    return run(spark, config, CurateOptions.defaults());
  }

  public static CurateReport run(SparkSession spark, PipelineConfig config, CurateOptions options) {
    LakePaths paths = new LakePaths(config.zones());
    List<TableReport> reports = new ArrayList<>();
    for (TableContract contract : config.tables()) {
      if (!options.includes(contract.curatedTable())) {
        continue;
      }
      TableCurator curator = new TableCurator(spark, contract, paths, options);
      try {
        reports.add(curator.run());
      } catch (Exception e) {
        Throwable cause = e instanceof StreamingQueryException sqe && sqe.cause() != null ? sqe.cause() : e;
        String message = PanScrubber.scrub(firstLine(cause));
        LOG.error("Curated table {} failed; its unfinished batch is replayed by the next run: {}",
            contract.curatedTable(), message, cause);
        reports.add(curator.failed(message));
      }
    }
    CurateReport report = new CurateReport(reports);
    LOG.info("{}", report.summary());
    return report;
  }

  private static String firstLine(Throwable t) {
    String text = t.getClass().getSimpleName() + ": " + t.getMessage();
    int nl = text.indexOf('\n');
    text = nl < 0 ? text : text.substring(0, nl);
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }
}
