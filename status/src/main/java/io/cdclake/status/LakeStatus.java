package io.cdclake.status;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole lake at one moment: every contracted table, and the stream's recent batches.
 *
 * @param environment   configuration environment
 * @param generatedAt   when it was read
 * @param tables        one entry per contract, most serious health first
 * @param ingestBatches the raw table's recent ingest commits, oldest first
 */
public record LakeStatus(String environment, Instant generatedAt, List<TableStatus> tables,
    List<IngestBatch> ingestBatches) {

  public LakeStatus {
    tables = tables.stream()
        .sorted(Comparator.comparing(TableStatus::health).thenComparing(TableStatus::curatedTable))
        .toList();
    ingestBatches = List.copyOf(ingestBatches);
  }

  public Optional<IngestBatch> lastIngestBatch() {
    return ingestBatches.isEmpty() ? Optional.empty() : Optional.of(ingestBatches.get(ingestBatches.size() - 1));
  }

  public Map<Health, Long> countsByHealth() {
    Map<Health, Long> counts = new EnumMap<>(Health.class);
    for (TableStatus t : tables) {
      counts.merge(t.health(), 1L, Long::sum);
    }
    return counts;
  }

  public boolean needsAction() {
    return tables.stream().anyMatch(t -> t.health().needsAction());
  }
}
