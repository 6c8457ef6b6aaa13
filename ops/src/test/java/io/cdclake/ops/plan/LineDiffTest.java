package io.cdclake.ops.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineDiffTest {
  @Test
  void marksRemovedAddedAndKeptLines() {
    assertEquals(List.of("  a", "- b", "+ B", "  c", "+ d"), LineDiff.diff("a\nb\nc", "a\nB\nc\nd"));
  }

  @Test
  void everythingIsAddedWhenThereWasNothing() {
    assertEquals(List.of("+ x", "+ y"), LineDiff.diff("", "x\ny"));
  }

  @Test
  void identicalTextsHaveNoMarkedLines() {
    assertEquals(List.of("  same"), LineDiff.diff("same", "same"));
  }
}
