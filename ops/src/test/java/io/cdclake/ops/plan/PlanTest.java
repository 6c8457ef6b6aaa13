package io.cdclake.ops.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
  private final List<String> applied = new ArrayList<>();

  private Change change(String name, String current, String desired) {
    return Change.of(name, current == null ? null : Json.object().put("v", current), Json.object().put("v", desired),
        () -> applied.add(name));
  }

  @Test
  void kindFollowsCurrentState() {
    assertEquals(Change.Kind.CREATE, change("a", null, "x").kind());
    assertEquals(Change.Kind.UPDATE, change("a", "y", "x").kind());
    assertEquals(Change.Kind.UNCHANGED, change("a", "x", "x").kind());
  }

  @Test
  void printShowsDiffsForChangesOnlyAndTotals() {
    Plan plan = new Plan().add(change("bucket-a", "AES256", "aws:kms")).add(change("db", "same", "same"))
        .add(change("stream", null, "KMS")).skip("dms", "no arn");
    String text = print(plan);
    assertTrue(text.contains("[update]    bucket-a"), text);
    assertTrue(text.contains("-   \"v\" : \"AES256\"") && text.contains("+   \"v\" : \"aws:kms\""), text);
    assertTrue(text.contains("[unchanged] db"), text);
    assertTrue(text.contains("[skipped]   dms: no arn"), text);
    assertTrue(text.contains("Plan: 1 to create, 1 to update, 1 unchanged."), text);
    assertEquals(List.of(), applied, "printing must not apply anything");
  }

  @Test
  void applySkipsUnchangedAndStopsAtFirstFailure() {
    Plan plan = new Plan().add(change("one", null, "x")).add(change("same", "x", "x"))
        .add(Change.of("broken", null, Json.object(), () -> {
          throw new IllegalStateException("AccessDenied");
        }))
        .add(change("after", null, "y"));
    Plan.ApplyException e = assertThrows(Plan.ApplyException.class, () -> plan.apply(new PrintStream(
        new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertEquals(List.of("one"), applied);
    assertTrue(e.getMessage().contains("'broken'") && e.getMessage().contains("1 change(s) applied")
        && e.getMessage().contains("AccessDenied"), e.getMessage());
  }

  private static String print(Plan plan) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    plan.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
