package io.cdclake.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfLogSinkTest {
  @Test
  void oneEmitIsOneEmbeddedMetricFormatDocument() throws Exception {
    Map<String, String> dims = new LinkedHashMap<>();
    dims.put("Job", "curate");
    dims.put("Table", "payments_cards");
    String line = EmfLogSink.render(dims, List.of(Metric.count("RowsInserted", 3),
        Metric.seconds("FreshnessSeconds", 12.5)), Instant.ofEpochMilli(1_700_000_000_123L));
    JsonNode doc = new ObjectMapper().readTree(line);
    JsonNode directive = doc.at("/_aws/CloudWatchMetrics/0");
    assertEquals(1_700_000_000_123L, doc.at("/_aws/Timestamp").asLong());
    assertEquals("cdclake", directive.get("Namespace").asText());
    assertEquals("[[\"Job\",\"Table\"]]", directive.get("Dimensions").toString());
    assertEquals("RowsInserted", directive.at("/Metrics/0/Name").asText());
    assertEquals("Count", directive.at("/Metrics/0/Unit").asText());
    assertEquals("Seconds", directive.at("/Metrics/1/Unit").asText());
    // The values and dimensions are top-level members, as EMF requires.
    assertEquals("payments_cards", doc.get("Table").asText());
    assertEquals(3.0, doc.get("RowsInserted").asDouble());
    assertEquals(12.5, doc.get("FreshnessSeconds").asDouble());
    assertEquals(1, line.split("\n").length, "one line per document");
  }
}
