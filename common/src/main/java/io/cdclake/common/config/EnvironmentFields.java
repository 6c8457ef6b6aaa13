package io.cdclake.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The keys an environment file ({@code conf/<env>.json}) may use, per JSON object. {@link ConfigLoader} rejects
 * any other key, as it does in contracts: a misspelt optional key ({@code "maxFilesPerTriger"}) would otherwise
 * fall back to its default without a word.
 */
public final class EnvironmentFields {
  /** Object paths as used in error messages: {@code ""} is the root. */
  public static final Map<String, Set<String>> ALLOWED = allowed();

  private EnvironmentFields() {}

  private static Map<String, Set<String>> allowed() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put("", Set.of("$schema", "$comment", "environment", "zones", "ingest", "catalog", "pci", "contractsDir"));
    m.put("zones", Set.of("raw", "curated", "quarantine", "checkpoints"));
    m.put("ingest", Set.of("source", "triggerIntervalSeconds", "maxFilesPerTrigger", "kinesis", "files"));
    m.put("ingest.kinesis", Set.of("streamName", "region", "consumer", "consumerName", "startingPosition",
        "endpointUrl", "roleArn"));
    m.put("ingest.files", Set.of("path"));
    m.put("catalog", Set.of("mode", "database", "region", "endpointUrl"));
    m.put("pci", Set.of("hashKeyEnv", "allowEphemeralKey"));
    return Map.copyOf(m);
  }
}
