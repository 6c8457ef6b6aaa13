package io.cdclake.app;

import io.cdclake.common.config.PipelineConfig;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code --tables a,b} option shared by the per-table commands: empty means every contract. */
final class Tables {
  private Tables() {}

  /** The selected curated tables, each checked against the contracts. */
  static Set<String> selected(CommandLine cl, PipelineConfig config) {
    Set<String> names = selected(cl);
    try {
      config.requireCuratedTables(names);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.UsageException("--tables: " + e.getMessage());
    }
    return names;
  }

  static Set<String> selected(CommandLine cl) {
    return cl.option("tables")
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()))
        .orElse(Set.of());
  }
}
