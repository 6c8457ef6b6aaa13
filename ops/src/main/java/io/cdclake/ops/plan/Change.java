package io.cdclake.ops.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One desired state of one AWS resource, next to what the resource looks like now. Applying a change is the
 * only side effect provisioning has; everything else (reading current state, building requests) happens while
 * the plan is made, so a dry run and a real run print the same plan.
 *
 * @param resource what is changed, e.g. {@code s3 bucket lake-prod: default encryption}
 * @param current  current state as JSON; empty when the resource or setting does not exist yet
 * @param desired  desired state as JSON, in the same shape as {@code current}
 * @param note     extra information for the operator (e.g. "task must be stopped"), may be empty
 * @param apply    makes the change; never called for an unchanged resource or in a dry run
 */
public record Change(String resource, Optional<JsonNode> current, JsonNode desired, Optional<String> note,
    Action apply) {

  /** What applying a change does. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** Whether the change creates something, updates it, or finds it already as desired. */
  public enum Kind {
    CREATE, UPDATE, UNCHANGED
  }

  public Change {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(apply, "apply");
  }

  public static Change of(String resource, JsonNode currentOrNull, JsonNode desired, Action apply) {
    return new Change(resource, Optional.ofNullable(currentOrNull), desired, Optional.empty(), apply);
  }

  public Change withNote(String text) {
    return new Change(resource, current, desired, Optional.of(text), apply);
  }

  public Kind kind() {
    if (current.isEmpty()) {
      return Kind.CREATE;
    }
    return current.get().equals(desired) ? Kind.UNCHANGED : Kind.UPDATE;
  }
}
