package io.cdclake.common.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.SharedSpark;
import org.junit.jupiter.api.Test;

/** Error texts that leave a job hold no card number, whatever the exception and its causes quote. */
class ErrorTextTest {
  private static final RuntimeException FAILURE = new IllegalStateException("merge failed on row [4111111111111111]",
      new IllegalArgumentException("cannot cast '5500 0055 5555 5559' to bigint"));

  @Test
  void theSummaryIsOneScrubbedLine() {
    String s = ErrorText.summary(new RuntimeException("first 4111111111111111\nsecond line"));
    assertFalse(s.contains("4111111111111111"), s);
    assertFalse(s.contains("second line"), s);
    assertTrue(s.startsWith("RuntimeException: first "), s);
  }

  /**
   * A failed Spark task reaches the driver wrapped in a job abort whose first line is about stages, tasks and
   * hosts; the summary is about what failed: the task's own error, below the wrappers that only repeat it.
   */
  @Test
  void aTaskFailureIsSummarisedByWhatFailedNotByItsStageAndTask() {
    Exception e = assertThrows(Exception.class, () -> SharedSpark.get().range(0, 4, 1, 2)
        .selectExpr("raise_error(concat('points of row ', id, ' is negative'))").collectAsList());
    String s = ErrorText.summary(new RuntimeException("Curating crm_members failed", e));
    assertTrue(s.startsWith("RuntimeException: Curating crm_members failed; caused by RuntimeException: "
        + "points of row "), s);
    assertFalse(s.contains("stage"), s);
    assertFalse(s.contains("TID"), s);
    assertFalse(s.contains("SparkException"), "the job abort adds nothing: " + s);
  }

  @Test
  void aWrapperThatOnlyRepeatsItsCauseIsLeftOut() {
    String s = ErrorText.summary(new RuntimeException(new IllegalArgumentException("no column 'x'")));
    assertEquals("IllegalArgumentException: no column 'x'", s);
  }

  @Test
  void theStackTraceKeepsEveryCauseAndFrameButNoCardNumber() {
    String trace = ErrorText.stackTrace(FAILURE);
    assertTrue(trace.contains("IllegalStateException"), trace);
    assertTrue(trace.contains("Caused by: java.lang.IllegalArgumentException"), trace);
    assertTrue(trace.contains("at io.cdclake.common.pci.ErrorTextTest"), trace);
    assertEquals(java.util.List.of(), LuhnSweep.panWindows(trace), trace);
  }
}
