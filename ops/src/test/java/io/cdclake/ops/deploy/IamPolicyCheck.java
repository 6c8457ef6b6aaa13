package io.cdclake.ops.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Least-privilege rules for the IAM policy documents under deploy/: explicit actions only (no {@code *} or
 * {@code service:*}, no {@code NotAction}/{@code NotResource}), a wildcard resource only for read-only actions
 * AWS does not scope to resources, and no literal account ids (templates use {@code ${AccountId}}).
 */
final class IamPolicyCheck {
  /** Verbs that only read; anything else (Put, Create, Modify, Decrypt, PassRole, ...) counts as a write. */
  private static final Pattern READ_ONLY = Pattern.compile("^[a-z0-9-]+:(Get|List|Describe|Head)[A-Za-z]*$");
  private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");

  private IamPolicyCheck() {}

  static List<String> problems(JsonNode policy) {
    List<String> problems = new ArrayList<>();
    int index = 0;
    for (JsonNode statement : policy.path("Statement")) {
      String where = "statement " + index++ + " (" + statement.path("Sid").asText("no Sid") + ")";
      if (statement.has("NotAction") || statement.has("NotResource")) {
        problems.add(where + ": NotAction/NotResource grant everything else; list what is allowed instead");
        continue;
      }
      List<String> actions = strings(statement.path("Action"));
      List<String> resources = strings(statement.path("Resource"));
      if (!"Allow".equals(statement.path("Effect").asText())) {
        continue;
      }
      for (String action : actions) {
        if (action.contains("*")) {
          problems.add(where + ": action '" + action + "' is a wildcard; name each action");
        }
      }
      if (resources.contains("*")) {
        List<String> writes = actions.stream().filter(a -> !READ_ONLY.matcher(a).matches()).toList();
        if (!writes.isEmpty()) {
          problems.add(where + ": \"Resource\": \"*\" with write actions " + writes);
        }
      }
      for (String resource : resources) {
        if (ACCOUNT_ID.matcher(resource).find()) {
          problems.add(where + ": resource '" + resource + "' holds a literal account id; use ${AccountId}");
        }
      }
    }
    return problems;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
