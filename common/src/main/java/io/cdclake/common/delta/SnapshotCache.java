package io.cdclake.common.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last snapshot a job read of a table, kept in a small file of the job's state, so that the next run (a new
 * application, with Delta's caches empty) pays one version check instead of a full public-API read when the
 * table has not moved. Safe because a version's metadata never changes: the file is used only for the very version
 * it names, and anything unreadable is ignored (the snapshot is then read from the table).
 */
public final class SnapshotCache {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Configuration hadoop;

  public SnapshotCache(String location, Configuration hadoop) {
    this.file = new Path(location);
    this.hadoop = hadoop;
  }

  /** The kept snapshot if it describes {@code version}. */
  public Optional<DeltaSnapshot> get(long version) {
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      JsonNode n;
      try (FSDataInputStream in = fs.open(file)) {
        n = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      if (n.path("version").asLong(-1) != version) {
        return Optional.empty();
      }
      List<String> partitions = new ArrayList<>();
      n.path("partitionColumns").forEach(p -> partitions.add(p.asText()));
      Map<String, String> properties = new LinkedHashMap<>();
      n.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
      Set<String> features = new HashSet<>();
      n.path("features").forEach(f -> features.add(f.asText()));
      return Optional.of(new DeltaSnapshot(version, (StructType) DataType.fromJson(n.path("schema").asText()),
          partitions, properties, features));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring the unreadable snapshot cache {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /** Keeps {@code snapshot}; a failure only costs the next run a full read. */
  public void put(DeltaSnapshot snapshot) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", snapshot.version());
    n.put("schema", snapshot.schema().json());
    snapshot.partitionColumns().forEach(n.putArray("partitionColumns")::add);
    ObjectNode props = n.putObject("properties");
    snapshot.properties().forEach(props::put);
    snapshot.features().stream().sorted().forEach(n.putArray("features")::add);
    try (FSDataOutputStream out = file.getFileSystem(hadoop).create(file, true)) {
      out.write(JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      LOG.warn("Could not keep the snapshot cache {}: {}", file, e.toString());
    }
  }
}
