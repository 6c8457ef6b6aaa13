package io.cdclake.app;

import io.cdclake.common.config.PipelineConfig;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --tables a,b} option of the per-table commands: curated table names, none meaning every contract. */
final class TablesOption {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = "--tables", split = ",", paramLabel = "TABLE",
      description = "curated tables to work on (default: every contract)")
  private Set<String> names = new LinkedHashSet<>();

  /** The names as given; quoting "a, b" must not make " b" a table. */
  Set<String> names() {
    return names.stream().map(String::trim).filter(n -> !n.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The names, each checked against the contracts, which are only known once the configuration is loaded. */
  Set<String> checked(PipelineConfig config) {
    Set<String> selected = names();
    try {
      config.requireCuratedTables(selected);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), "--tables: " + e.getMessage());
    }
    return selected;
  }
}
