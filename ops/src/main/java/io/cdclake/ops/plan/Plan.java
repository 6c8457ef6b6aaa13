package io.cdclake.ops.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ordered changes provisioning would make, and the one place that carries them out. Printing is the same
 * for a dry run and a real run: every change with a diff of current against desired state.
 */
public final class Plan {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final List<Change> changes = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  public Plan add(Change change) {
    changes.add(change);
    return this;
  }

  /** Records a part of provisioning that does not apply to this run, with the reason, so the output says so. */
  public Plan skip(String what, String reason) {
    skipped.add(what + ": " + reason);
    return this;
  }

  public List<Change> changes() {
    return List.copyOf(changes);
  }

  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  public long count(Change.Kind kind) {
    return changes.stream().filter(c -> c.kind() == kind).count();
  }

  /** Prints every change with its diff. */
  public void print(PrintStream out) {
    for (String s : skipped) {
      out.println("[skipped]   " + s);
    }
    for (Change c : changes) {
      out.printf("[%s]%s %s%n", c.kind().name().toLowerCase(Locale.ROOT),
          " ".repeat(9 - c.kind().name().length()), c.resource());
      c.note().ifPresent(n -> out.println("    note: " + n));
      if (c.kind() != Change.Kind.UNCHANGED) {
        String before = c.current().map(Plan::render).orElse("");
        for (String line : LineDiff.diff(before, render(c.desired()))) {
          out.println("    " + line);
        }
      }
    }
    out.printf("Plan: %d to create, %d to update, %d unchanged.%n",
        count(Change.Kind.CREATE), count(Change.Kind.UPDATE), count(Change.Kind.UNCHANGED));
  }

  /**
   * Applies the changes in order and stops at the first failure. Every change is idempotent, so after fixing
   * the cause the same command can simply be run again.
   *
   * @return the number of changes applied
   * @throws ApplyException naming the change that failed and how many were applied before it
   */
  public int apply(PrintStream out) {
    int applied = 0;
    for (Change c : changes) {
      if (c.kind() == Change.Kind.UNCHANGED) {
        continue;
      }
      out.println("applying: " + c.resource());
      try {
        c.apply().run();
      } catch (Exception e) {
        throw new ApplyException("failed to apply '" + c.resource() + "' (" + applied + " change(s) applied"
            + " before it; provisioning is idempotent, fix the cause and run it again): " + e.getMessage(), e);
      }
      applied++;
    }
    return applied;
  }

  /** Pretty, key-sorted JSON, so that diffs do not depend on the order AWS returns fields in. */
  public static String render(JsonNode node) {
    try {
      return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + node, e);
    }
  }

  /** Thrown by {@link #apply} when one change fails. */
  public static final class ApplyException extends RuntimeException {
    public ApplyException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
