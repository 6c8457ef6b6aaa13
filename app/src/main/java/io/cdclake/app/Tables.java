package io.cdclake.app;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code --tables a,b} option shared by the per-table commands: empty means every contract. */
final class Tables {
  private Tables() {}

  static Set<String> selected(CommandLine cl) {
    return cl.option("tables")
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()))
        .orElse(Set.of());
  }
}
