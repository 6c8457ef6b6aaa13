package io.cdclake.ops.cloudwatch;

import java.util.Optional;

/**
 * What the alarms watch for, in minutes.
 *
 * @param topicArn               SNS topic notified when an alarm fires or clears; none creates silent alarms
 * @param ingestSilenceMinutes   minutes without an ingest batch before the stream counts as dead
 * @param curateSilenceMinutes   minutes without a curate run before the schedule counts as stopped (a few schedule
 *                               intervals)
 * @param freshnessObjectiveMinutes a table's freshness objective when its contract names none
 *                               ({@code curated.freshnessObjectiveMinutes})
 */
public record AlarmSettings(Optional<String> topicArn, int ingestSilenceMinutes, int curateSilenceMinutes,
    int freshnessObjectiveMinutes) {

  public static AlarmSettings defaults() {
    return new AlarmSettings(Optional.empty(), 10, 60, 60);
  }
}
