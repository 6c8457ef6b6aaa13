package io.cdclake.common.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void theStackTraceKeepsEveryCauseAndFrameButNoCardNumber() {
    String trace = ErrorText.stackTrace(FAILURE);
    assertTrue(trace.contains("IllegalStateException"), trace);
    assertTrue(trace.contains("Caused by: java.lang.IllegalArgumentException"), trace);
    assertTrue(trace.contains("at io.cdclake.common.pci.ErrorTextTest"), trace);
    assertEquals(java.util.List.of(), LuhnSweep.panWindows(trace), trace);
  }
}
