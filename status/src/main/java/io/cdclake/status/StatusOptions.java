package io.cdclake.status;

import java.time.Duration;

/**
 * How much of the lake's recent past the status reads. Each bound caps a cost: the run log is read for
 * {@code historyDays} days (its day partitions), the raw table's log for its last {@code ingestBatches} commits.
 *
 * @param freshnessObjective the freshness objective of tables whose contract names none
 * @param historyDays        days of the curate run log read for the freshness charts and last runs
 * @param historyPoints      runs per table kept for its freshness chart
 * @param ingestBatches      ingest commits read for the records-per-batch chart
 * @param parallelism        tables read at a time
 */
public record StatusOptions(Duration freshnessObjective, int historyDays, int historyPoints, int ingestBatches,
    int parallelism) {

  public static StatusOptions defaults() {
    return new StatusOptions(Duration.ofMinutes(60), 7, 48, 60, 4);
  }

  public StatusOptions withFreshnessObjective(Duration objective) {
    return new StatusOptions(objective, historyDays, historyPoints, ingestBatches, parallelism);
  }
}
