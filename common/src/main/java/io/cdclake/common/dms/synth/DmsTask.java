package io.cdclake.common.dms.synth;

import java.time.Duration;
import java.util.Objects;

/**
 * The DMS replication task a generated table's changes come through, when several tasks write one stream: each has
 * its own transaction id space and stream positions, and its own clock.
 *
 * @param number       tells the task's transaction ids ({@code <number, 4 hex digits><id, 12 hex digits>}) and
 *                     stream positions (the number in their upper word) apart from other tasks'
 * @param dmsClockSkew how far the task's DMS timestamps run ahead of the source's commit clock (a DMS instance
 *                     whose clock is minutes off, or a task far behind)
 */
public record DmsTask(int number, Duration dmsClockSkew) {
  public DmsTask {
    Objects.requireNonNull(dmsClockSkew, "dmsClockSkew");
    if (number < 1 || number > 0xffff) {
      throw new IllegalArgumentException("a task number is 1..65535, was " + number);
    }
  }
}
