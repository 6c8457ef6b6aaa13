package io.cdclake.ingest.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one micro-batch's output appear in the lake once, however often the batch is replayed.
 *
 * <p>Protocol, per batch id: (1) if a manifest of an earlier attempt of this batch exists, delete every file it
 * lists, then the manifest; (2) write each output with Spark into a staging folder
 * {@code <target>/_ingest_staging/batch-<id>} (hidden from readers by its leading underscore); (3) write the
 * manifest listing the final name of every staged file; (4) move the staged files to their partitions under
 * final names carrying the batch id. A crash anywhere before the query commits the batch makes Spark replay the
 * same batch id with the same input; step (1) then removes whatever the crashed attempt had published. The
 * manifest is written before any file becomes visible, so no published file is ever unknown to it.
 *
 * <p>Manifests live under the query checkpoint, so deleting the checkpoint (which restarts batch ids at 0)
 * also forgets them and can never delete the files of an older run.
 */
public final class BatchPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(BatchPublisher.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String STAGING_DIR = "_ingest_staging";
  /**
   * Manifests kept, as Spark keeps the metadata of its last 100 batches: only the latest batch can ever be
   * replayed, so older manifests are only an audit trail and would pile up (2,880 a day at 30 s).
   */
  static final int RETAINED_MANIFESTS = 100;

  private final Configuration hadoopConf;
  private final Path manifest;
  private final String manifestDir;
  private final long batchId;
  private final List<Path> stagingDirs = new ArrayList<>();
  private final List<Path> targets = new ArrayList<>();

  public BatchPublisher(Configuration hadoopConf, String manifestDir, long batchId) {
    this.hadoopConf = hadoopConf;
    this.manifest = manifestPath(manifestDir, batchId);
    this.manifestDir = manifestDir;
    this.batchId = batchId;
  }

  /** Undoes the publication of an earlier, uncommitted attempt of this batch. Returns the files removed. */
  public int rollBackEarlierAttempt() {
    try {
      FileSystem fs = manifest.getFileSystem(hadoopConf);
      if (!fs.exists(manifest)) {
        return 0;
      }
      List<String> files = readManifest(fs);
      int removed = 0;
      for (String f : files) {
        Path p = new Path(f);
        if (p.getFileSystem(hadoopConf).delete(p, false)) {
          removed++;
        }
      }
      fs.delete(manifest, false);
      LOG.warn("ingest batch {} is a replay of an uncommitted attempt: removed {} of its {} published files"
          + " before writing it again", batchId, removed, files.size());
      return removed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot roll back earlier attempt of ingest batch " + batchId
          + " (manifest " + manifest + ")", e);
    }
  }

  /** Writes {@code rows} as snappy Parquet, partitioned by {@code partitionBy}, into the staging folder of {@code targetRoot}. */
  public void stage(String targetRoot, Dataset<Row> rows, List<String> partitionBy) {
    Path staging = stagingDir(targetRoot);
    // One file per day partition per output and batch, rather than one per input partition (per Kinesis shard):
    // fewer, larger files for curate and for S3 listings.
    Column[] days = partitionBy.stream().map(functions::col).toArray(Column[]::new);
    rows.repartition(days).write()
        .mode(SaveMode.Overwrite)
        .option("compression", "snappy")
        .partitionBy(partitionBy.toArray(String[]::new))
        .parquet(staging.toString());
    stagingDirs.add(staging);
    targets.add(qualified(new Path(targetRoot)));
  }

  /** Publishes every staged output; returns the published files. */
  public List<String> publish() {
    try {
      List<Path[]> moves = new ArrayList<>();
      for (int i = 0; i < stagingDirs.size(); i++) {
        Path staging = stagingDirs.get(i);
        Path target = targets.get(i);
        FileSystem fs = staging.getFileSystem(hadoopConf);
        String stagingPrefix = fs.makeQualified(staging).toUri().getPath();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(staging, true);
        while (it.hasNext()) {
          FileStatus st = it.next();
          String name = st.getPath().getName();
          if (name.startsWith("_") || name.startsWith(".")) {
            continue;
          }
          String relativeDir = st.getPath().getParent().toUri().getPath().substring(stagingPrefix.length());
          Path dir = relativeDir.isEmpty() ? target : new Path(target, relativeDir.substring(1));
          moves.add(new Path[] {st.getPath(), new Path(dir, finalName(name))});
        }
      }
      List<String> published = moves.stream().map(m -> m[1].toString()).toList();
      writeManifest(published);
      for (Path[] m : moves) {
        FileSystem fs = m[1].getFileSystem(hadoopConf);
        fs.mkdirs(m[1].getParent());
        if (!fs.rename(m[0], m[1])) {
          throw new IOException("rename " + m[0] + " -> " + m[1] + " returned false");
        }
      }
      for (Path staging : stagingDirs) {
        staging.getFileSystem(hadoopConf).delete(staging, true);
      }
      if (batchId >= RETAINED_MANIFESTS) {
        Path expired = manifestPath(manifestDir, batchId - RETAINED_MANIFESTS);
        expired.getFileSystem(hadoopConf).delete(expired, false);
      }
      return published;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish ingest batch " + batchId
          + "; the query will stop and replay the batch on restart", e);
    }
  }

  private Path qualified(Path p) {
    try {
      return p.getFileSystem(hadoopConf).makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + p, e);
    }
  }

  static Path manifestPath(String manifestDir, long batchId) {
    return new Path(manifestDir, String.format(Locale.ROOT, "%020d.json", batchId));
  }

  private String finalName(String stagedName) {
    return String.format(Locale.ROOT, "batch-%012d-%s", batchId, stagedName);
  }

  private Path stagingDir(String targetRoot) {
    return new Path(new Path(targetRoot, STAGING_DIR), "batch-" + batchId);
  }

  private List<String> readManifest(FileSystem fs) throws IOException {
    try (InputStream in = fs.open(manifest)) {
      List<String> files = new ArrayList<>();
      JSON.readTree(in).path("files").forEach(n -> files.add(n.asText()));
      return files;
    }
  }

  private void writeManifest(List<String> files) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("batchId", batchId);
    ArrayNode arr = root.putArray("files");
    files.forEach(arr::add);
    FileSystem fs = manifest.getFileSystem(hadoopConf);
    fs.mkdirs(manifest.getParent());
    // Written aside and renamed, so a crash mid-write never leaves a truncated manifest behind.
    Path tmp = new Path(manifest.getParent(), "." + manifest.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      JSON.writeValue(out, root);
    }
    fs.delete(manifest, false);
    if (!fs.rename(tmp, manifest)) {
      throw new IOException("cannot rename " + tmp + " to " + manifest);
    }
  }
}
