package io.cdclake.common.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes metrics as CloudWatch embedded metric format (EMF) lines on the logger {@value #LOGGER}: one JSON
 * object per emit, which CloudWatch Logs turns into metrics of namespace {@value MetricsSink#NAMESPACE} when the
 * line reaches a log group (the CloudWatch agent on EMR, or EMR Serverless's log delivery), with no SDK call and no
 * credentials in the job. Locally the logger's appender writes them to a file beside the lake
 * ({@code app/src/main/resources/log4j2.properties}).
 */
public final class EmfLogSink implements MetricsSink {
  public static final String LOGGER = "io.cdclake.metrics";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void emit(Map<String, String> dimensions, List<Metric> metrics, Instant at) {
    if (LOG.isInfoEnabled()) {
      LOG.info(render(dimensions, metrics, at));
    }
  }

  /** The EMF document of one emit. */
  static String render(Map<String, String> dimensions, List<Metric> metrics, Instant at) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", at.toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    ArrayNode dims = directive.putArray("Dimensions").addArray();
    dimensions.keySet().forEach(dims::add);
    ArrayNode defs = directive.putArray("Metrics");
    for (Metric m : metrics) {
      defs.addObject().put("Name", m.name()).put("Unit", m.unit());
    }
    dimensions.forEach(root::put);
    for (Metric m : metrics) {
      root.put(m.name(), m.value());
    }
    return root.toString();
  }
}
