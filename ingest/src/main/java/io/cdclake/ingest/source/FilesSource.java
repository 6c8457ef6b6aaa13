package io.cdclake.ingest.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_millis;

import io.cdclake.common.config.ConfigException;
import io.cdclake.common.pci.PanScrubber;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads DMS JSON records, one per line, from the files appearing in a directory: the local run, replays of
 * captured streams, and tests. A file stands for a run of Kinesis records that arrived when it was last
 * modified; its name is the partition key and its lines are numbered from 1.
 *
 * <p>Files are read whole ({@code binaryFile}) rather than line by line so every line keeps its number, which
 * makes the derived stream sequence stable when a batch is replayed.
 */
public final class FilesSource implements RecordSource {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FilesSource.class);
  /** The fixed schema of Spark's {@code binaryFile} source; streaming sources need it stated. */
  static final StructType BINARY_FILE = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("modificationTime", DataTypes.TimestampType, false)
      .add("length", DataTypes.LongType, false)
      .add("content", DataTypes.BinaryType, true);

  private final String directory;
  private final int maxFilesPerTrigger;

  public FilesSource(String directory, int maxFilesPerTrigger) {
    this.directory = directory;
    this.maxFilesPerTrigger = maxFilesPerTrigger;
  }

  @Override
  public Dataset<Row> open(SparkSession spark) {
    requireDirectory(spark);
    Dataset<Row> files = spark.readStream()
        .format("binaryFile")
        .schema(BINARY_FILE)
        .option("maxFilesPerTrigger", maxFilesPerTrigger)
        // Replayed captures keep their old modification times (cp -p, rsync -t, tar x): Spark's default of
        // ignoring files 7 days older than the newest would skip them silently.
        .option("maxFileAge", "36500d")
        .load(directory);
    return lines(files);
  }

  /**
   * Spark would fail later, inside the query, with a stack trace that does not say which setting is wrong; a
   * missing input directory is a configuration mistake, so it is reported as one.
   */
  private void requireDirectory(SparkSession spark) {
    Path dir = new Path(directory);
    boolean exists;
    try {
      FileSystem fs = dir.getFileSystem(spark.sessionState().newHadoopConf());
      exists = fs.getFileStatus(dir).isDirectory();
    } catch (FileNotFoundException e) {
      exists = false;
    } catch (IOException e) {
      throw new ConfigException("cannot read the files source's input directory " + directory
          + " (ingest.files.path): " + e.getMessage(), e);
    }
    if (!exists) {
      throw new ConfigException("the files source's input directory " + directory + " (ingest.files.path) does"
          + " not exist or is not a directory; create it, or point ingest.files.path at the directory the DMS"
          + " files are written to", null);
    }
    FileStatus[] entries = listing(spark, dir);
    warnOfCardNumbersInNames(entries);
    List<String> unread = unread(entries);
    if (!unread.isEmpty()) {
      LOG.warn("The files source will not read {} entr{} of {} (ingest.files.path): {}", unread.size(),
          unread.size() == 1 ? "y" : "ies", directory,
          String.join("; ", unread.subList(0, Math.min(unread.size(), 20)))
              + (unread.size() > 20 ? "; and " + (unread.size() - 20) + " more" : ""));
    }
  }

  /** The entries of the input directory, for the checks of their names; none when it cannot be listed. */
  static FileStatus[] listing(SparkSession spark, Path dir) {
    try {
      return dir.getFileSystem(spark.sessionState().newHadoopConf()).listStatus(dir);
    } catch (IOException e) {
      LOG.warn("cannot list {} to check its entries' names: {}", dir, e.toString());
      return new FileStatus[0];
    }
  }

  /**
   * What Spark's file source skips without a word among {@code entries} (the input directory as it is now): names
   * starting with {@code _} or {@code .} (its hidden files) and sub-folders (it reads the files of the directory
   * only). Card numbers in names are masked. Checked when the source opens; entries added later are not.
   */
  static List<String> unread(FileStatus[] entries) {
    List<String> out = new java.util.ArrayList<>();
    for (FileStatus f : entries) {
      String name = PanScrubber.scrub(f.getPath().getName());
      if (name.startsWith(".") && name.endsWith(".crc")) {
        continue; // a Hadoop checksum of a file beside it, never data
      }
      if (name.startsWith("_") || name.startsWith(".")) {
        out.add(name + ": a name starting with '_' or '.' is never read; rename it");
      } else if (f.isDirectory()) {
        out.add(name + ": the files of a sub-folder are never read; move them into the input directory");
      }
    }
    return out;
  }

  /**
   * Spark's file source keeps every file's path in its checkpoint, which no scrubbing of ours reaches. Refusing
   * such names would also refuse ordinary ones (date-stamped names pass the card-number test one time in ten), so
   * the operator is told, and the names are scrubbed in every column we write.
   */
  private void warnOfCardNumbersInNames(FileStatus[] entries) {
    for (FileStatus f : entries) {
      String name = f.getPath().getName();
      String scrubbed = PanScrubber.scrub(name);
      if (!scrubbed.equals(name)) {
        LOG.warn("Input file '{}' in {} has what looks like a card number in its name; Spark's file source keeps"
            + " file names in its checkpoint: rename such files before they are read (the raw zone and"
            + " quarantine get the name masked)", scrubbed, directory);
      }
    }
  }

  /**
   * Splits {@code binaryFile} rows (path, modificationTime, length, content) into one normalised record per
   * non-empty line. Pure, so it is testable on a static DataFrame.
   */
  public static Dataset<Row> lines(Dataset<Row> files) {
    // Names and paths are the operator's, but they become raw-zone and quarantine columns: card numbers masked.
    // Worked out once per file, before the lines are split out; nondeterministic so the optimiser cannot move them
    // after the split, where they ran once per line (a path parse and two scrubs of every record).
    UserDefinedFunction fileName = udf((UDF1<String, String>) p -> PanScrubber.scrub(new Path(p).getName()),
        DataTypes.StringType).asNondeterministic();
    UserDefinedFunction scrubbed = udf((UDF1<String, String>) PanScrubber::scrub, DataTypes.StringType)
        .asNondeterministic();
    UserDefinedFunction sequencePrefix = udf(
        (UDF2<String, Long, String>) FileSequence::prefix, DataTypes.StringType).asNondeterministic();
    UserDefinedFunction split = udf((UDF1<byte[], List<Row>>) FileLines::split,
        DataTypes.createArrayType(FileLines.LINE));
    Dataset<Row> perFile = files.select(col("path"), col("modificationTime"),
        fileName.apply(col("path")).as("file_name"), scrubbed.apply(col("path")).as("scrubbed_path"),
        col("content"));
    perFile = perFile.withColumn("sequence_prefix",
        sequencePrefix.apply(col("file_name"), unix_millis(col("modificationTime"))));
    Dataset<Row> exploded = perFile
        .select(col("modificationTime"), col("file_name"), col("scrubbed_path"), col("sequence_prefix"),
            explode(split.apply(col("content"))).as("l"));
    Column lineNumber = col("l.line_number");
    return exploded.select(
        col("l.bytes").as(SourceColumns.VALUE),
        col("modificationTime").as(SourceColumns.ARRIVAL_TIMESTAMP),
        concat(col("sequence_prefix"), lpad(lineNumber.cast(DataTypes.StringType), FileSequence.LINE_DIGITS, "0"))
            .as(SourceColumns.STREAM_SEQUENCE),
        col("file_name").as(SourceColumns.PARTITION_KEY),
        concat(col("scrubbed_path"), lit(":"), lineNumber.cast(DataTypes.StringType)).as(SourceColumns.POSITION));
  }

  @Override
  public String describe() {
    return "files in " + directory + " (at most " + maxFilesPerTrigger + " per micro-batch)";
  }
}
