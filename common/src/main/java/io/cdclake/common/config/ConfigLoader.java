package io.cdclake.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.cdclake.common.raw.RawColumns;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * Reads one environment file ({@code conf/<env>.json}) and the data contracts it points at
 * ({@code conf/contracts/*.json}), validating everything before any job starts.
 */
public final class ConfigLoader {
  /** Athena and Glue fold names to lower case; anything else would make a table unqueryable by its name. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,127}");

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.ALLOW_COMMENTS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Map<String, String> env;

  public ConfigLoader() {
    this(System.getenv());
  }

  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Loads {@code conf/<environment>.json} under {@code confDir}. */
  public PipelineConfig loadEnvironment(Path confDir, String environment) {
    return load(confDir.resolve(environment + ".json"));
  }

  public PipelineConfig load(Path envFile) {
    JsonNode root = readJson(envFile);
    JsonFields f = new JsonFields(envFile.toString(), env);
    rejectUnknownEnvironmentKeys(f, root, "");

    String environment = f.string(root, "", "environment");
    JsonNode zonesNode = f.object(root, "", "zones");
    Zones zones = new Zones(
        location(f.string(zonesNode, "zones", "raw")),
        location(f.string(zonesNode, "zones", "curated")),
        location(f.string(zonesNode, "zones", "quarantine")),
        location(f.string(zonesNode, "zones", "checkpoints")));

    IngestConfig ingest = ingest(f, f.object(root, "", "ingest"));

    JsonNode catalogNode = f.object(root, "", "catalog");
    String database = f.string(catalogNode, "catalog", "database");
    requireIdentifier(f, "catalog.database", database);
    CatalogConfig catalog = new CatalogConfig(
        f.enumValue(catalogNode, "catalog", "mode", CatalogMode.class, null),
        database,
        f.stringOr(catalogNode, "catalog", "region", "us-east-1"),
        f.optionalString(catalogNode, "catalog", "endpointUrl"));

    JsonNode pciNode = f.object(root, "", "pci");
    PciConfig pci = new PciConfig(
        f.string(pciNode, "pci", "hashKeyEnv"),
        f.bool(pciNode, "pci", "allowEphemeralKey", false));

    Path contractsDir = envFile.toAbsolutePath().getParent().resolve(f.stringOr(root, "", "contractsDir", "contracts"));
    List<TableContract> tables = loadContracts(contractsDir);
    if (tables.isEmpty()) {
      throw new ConfigException(envFile.toString(), "contractsDir",
          "points at " + contractsDir + ", which holds no *.json data contracts; add one per replicated table");
    }
    return new PipelineConfig(environment, zones, ingest, catalog, pci, tables, envFile.toString());
  }

  /** Loads and cross-checks every {@code *.json} contract in a directory, in file-name order. */
  public List<TableContract> loadContracts(Path contractsDir) {
    if (!Files.isDirectory(contractsDir)) {
      throw new ConfigException("contracts directory " + contractsDir + " does not exist", null);
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(contractsDir)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException("cannot list contracts directory " + contractsDir + ": " + e.getMessage(), e);
    }
    List<TableContract> contracts = new ArrayList<>();
    Map<String, String> sourceIds = new HashMap<>();
    Map<String, String> curatedNames = new HashMap<>();
    for (Path file : files) {
      TableContract c = contract(file);
      String previous = sourceIds.putIfAbsent(c.sourceId().toLowerCase(Locale.ROOT), file.toString());
      if (previous != null) {
        throw new ConfigException(file.toString(), "source",
            "names " + c.sourceId() + ", which " + previous + " already covers; keep one contract per source table");
      }
      previous = curatedNames.putIfAbsent(c.curatedTable(), file.toString());
      if (previous != null) {
        throw new ConfigException(file.toString(), "curated.table",
            "is '" + c.curatedTable() + "', already used by " + previous + "; curated names must be unique");
      }
      contracts.add(c);
    }
    return contracts;
  }

  /**
   * Parses and validates one data contract file: its structure against the contract schema, then the rules that
   * span fields, which a schema cannot state.
   */
  public TableContract contract(Path file) {
    JsonNode root = readJson(file);
    ContractSchema.validate(file.toString(), root);
    JsonFields f = new JsonFields(file.toString(), env);

    JsonNode source = f.object(root, "", "source");
    SourceOptions options = sourceOptions(f, source);
    String schema = options.database() == SourceDatabase.DYNAMODB
        ? SourceDatabase.DYNAMODB_SCHEMA : f.string(source, "source", "schema");
    String table = f.string(source, "source", "table");
    List<String> primaryKey = f.strings(root, "", "primaryKey", true);

    JsonNode curated = f.object(root, "", "curated");
    // DynamoDB table names may hold '-' and '.', which a curated (Glue) name cannot.
    String curatedTable = f.stringOr(curated, "curated", "table",
        (schema + "_" + table).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"));
    // The schema checks a written name; the default made from the source names can still break the rule.
    requireIdentifier(f, "curated.table", curatedTable);
    List<String> partitionBy = f.strings(curated, "curated", "partitionBy", false);
    DeleteMode deleteMode = f.enumValue(curated, "curated", "deleteMode", DeleteMode.class, DeleteMode.HARD);
    HistoryMode historyMode = f.enumValue(curated, "curated", "historyMode", HistoryMode.class, HistoryMode.LATEST);
    boolean deletionVectors = f.bool(curated, "curated", "deletionVectors", false);
    CatalogFormat catalogFormat = f.enumValue(curated, "curated", "catalogFormat", CatalogFormat.class,
        TableContract.defaultCatalogFormat(deletionVectors));
    if (deletionVectors && catalogFormat == CatalogFormat.MANIFEST) {
      throw new ConfigException(file.toString(), "curated.catalogFormat",
          "is 'manifest', but curated.deletionVectors is true and a symlink manifest cannot express deleted rows;"
              + " use 'native' (Athena engine v3 reads the Delta log) or turn deletion vectors off");
    }

    List<ColumnSpec> columns = columns(f, root);
    Set<String> declared = new HashSet<>();
    columns.forEach(c -> declared.add(c.name()));
    if (!columns.isEmpty()) {
      for (String key : primaryKey) {
        if (!declared.contains(key)) {
          throw new ConfigException(file.toString(), "primaryKey",
              "names '" + key + "', which is not among the declared columns; declare it with its type");
        }
      }
    }
    for (String key : primaryKey) {
      columns.stream().filter(c -> c.name().equals(key) && c.protection().isPresent()).findFirst().ifPresent(c -> {
        if (c.protection().get() != Protection.HASH) {
          throw new ConfigException(file.toString(), "columns." + key + ".protect",
              "is " + c.protection().get() + " on a primary-key column, which would merge distinct keys;"
                  + " use 'hash' (keyed, collision-free in practice) or do not protect the key");
        }
      });
    }
    for (String p : partitionBy) {
      if (!declared.contains(p)) {
        throw new ConfigException(file.toString(), "curated.partitionBy",
            "names '" + p + "', which is not a declared column; partition columns need a declared type");
      }
      if (columns.stream().anyMatch(c -> c.name().equals(p) && c.protection().isPresent())) {
        throw new ConfigException(file.toString(), "curated.partitionBy",
            "names protected column '" + p + "'; partition values appear in paths and catalogs in clear");
      }
    }

    return new TableContract(schema, table, primaryKey, curatedTable, partitionBy, deleteMode, historyMode,
        deletionVectors, columns, f.stringOr(root, "", "owner", "unknown"),
        f.stringOr(root, "", "description", ""), file.toString(), catalogFormat, freshnessObjective(f, curated),
        options);
  }

  /** The source database and its options; the schema has checked which options go with which database. */
  private static SourceOptions sourceOptions(JsonFields f, JsonNode source) {
    SourceDatabase database = f.enumValue(source, "source", "database", SourceDatabase.class,
        SourceDatabase.RELATIONAL);
    String mode = f.stringOr(source, "source", "mode", "document");
    SourceOptions.TtlDeletes ttl = f.enumValue(source, "source", "ttlDeletes", SourceOptions.TtlDeletes.class,
        SourceOptions.TtlDeletes.APPLY);
    return new SourceOptions(database, database == SourceDatabase.DOCUMENTDB && mode.equals("document"), ttl);
  }

  private static java.util.OptionalInt freshnessObjective(JsonFields f, JsonNode curated) {
    return curated.has("freshnessObjectiveMinutes")
        ? java.util.OptionalInt.of(f.positiveInt(curated, "curated", "freshnessObjectiveMinutes", 1))
        : java.util.OptionalInt.empty();
  }

  private List<ColumnSpec> columns(JsonFields f, JsonNode root) {
    JsonNode node = root.path("columns");
    List<ColumnSpec> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String path = "columns[" + i + "]";
      JsonNode item = node.get(i);
      String name = f.string(item, path, "name");
      if (RawColumns.isReserved(name)) {
        throw new ConfigException(f.file(), path + ".name", "'" + name + "' collides with a raw-zone column"
            + " (reserved: " + RawColumns.METADATA + " + " + RawColumns.PARTITIONS + ");"
            + " rename it in the DMS task's table mapping with a rename-column transformation rule");
      }
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new ConfigException(f.file(), path + ".name", "'" + name + "' is declared twice");
      }
      String type = f.string(item, path, "type");
      try {
        // Not DataType.fromDDL: it falls back to parsing a column list, so "big integer" became a struct.
        CatalystSqlParser$.MODULE$.parseDataType(type);
      } catch (Exception e) {
        throw new ConfigException(f.file(), path + ".type",
            "'" + type + "' is not a Spark SQL type (examples: bigint, string, decimal(12,2), timestamp, date)");
      }
      Optional<Protection> protection = Optional.empty();
      if (item.hasNonNull("protect")) {
        protection = Optional.of(f.enumValue(item, path, "protect", Protection.class, null));
      }
      Optional<String> sourcePath = f.optionalString(item, path, "path");
      if (protection.isPresent() && sourcePath.filter(p -> p.contains(".")).isPresent()) {
        // Ingest protects whole values of the record's top level; a value inside another one's JSON is only
        // scrubbed there (card-number digits masked), which a hash or a mask would not survive.
        throw new ConfigException(f.file(), path + ".protect", "is set on '" + name + "', whose path '"
            + sourcePath.get() + "' points inside another value; protect the top-level attribute '"
            + sourcePath.get().substring(0, sourcePath.get().indexOf('.')) + "' instead (declare it as a column"
            + " with protect), or leave this column unprotected");
      }
      out.add(new ColumnSpec(name, type, protection, sourcePath));
    }
    return out;
  }

  private IngestConfig ingest(JsonFields f, JsonNode node) {
    SourceKind source = f.enumValue(node, "ingest", "source", SourceKind.class, null);
    int trigger = f.positiveInt(node, "ingest", "triggerIntervalSeconds", 30);
    int maxFiles = f.positiveInt(node, "ingest", "maxFilesPerTrigger", 1000);
    Optional<KinesisSourceConfig> kinesis = f.optionalObject(node, "ingest", "kinesis").map(k -> kinesis(f, k));
    Optional<String> filesPath = f.optionalObject(node, "ingest", "files")
        .flatMap(files -> f.optionalString(files, "ingest.files", "path"))
        .map(ConfigLoader::location);
    if (source == SourceKind.KINESIS && kinesis.isEmpty()) {
      throw new ConfigException(f.file(), "ingest.kinesis", "is required when ingest.source is 'kinesis'");
    }
    if (source == SourceKind.FILES && filesPath.isEmpty()) {
      throw new ConfigException(f.file(), "ingest.files.path", "is required when ingest.source is 'files'");
    }
    return new IngestConfig(source, trigger, kinesis, filesPath, maxFiles);
  }

  private KinesisSourceConfig kinesis(JsonFields f, JsonNode k) {
    String path = "ingest.kinesis";
    KinesisConsumer consumer = f.enumValue(k, path, "consumer", KinesisConsumer.class, KinesisConsumer.POLLING);
    Optional<String> consumerName = f.optionalString(k, path, "consumerName");
    if (consumer == KinesisConsumer.ENHANCED_FAN_OUT && consumerName.isEmpty()) {
      throw new ConfigException(f.file(), path + ".consumerName",
          "is required for enhanced fan-out (the name the EFO consumer is registered under)");
    }
    String starting = f.stringOr(k, path, "startingPosition", "TRIM_HORIZON").toUpperCase(Locale.ROOT);
    if (!Set.of("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP").contains(starting)) {
      throw new ConfigException(f.file(), path + ".startingPosition",
          "is '" + starting + "', expected TRIM_HORIZON, LATEST or AT_TIMESTAMP");
    }
    return new KinesisSourceConfig(
        f.string(k, path, "streamName"),
        f.string(k, path, "region"),
        consumer,
        consumerName,
        starting,
        f.optionalString(k, path, "endpointUrl"),
        f.optionalString(k, path, "roleArn"));
  }

  /** See {@link EnvironmentFields}: every object of the environment file, nested ones included. */
  private static void rejectUnknownEnvironmentKeys(JsonFields f, JsonNode node, String path) {
    Set<String> allowed = EnvironmentFields.ALLOWED.get(path);
    if (allowed == null || !node.isObject()) {
      return; // a wrong type is reported where the value is read
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String child = JsonFields.join(path, name);
      if (!allowed.contains(name)) {
        throw new ConfigException(f.file(), child, "is not an environment setting; allowed here: "
            + new TreeSet<>(allowed) + " (a misspelt key would otherwise be ignored and its default used)");
      }
      rejectUnknownEnvironmentKeys(f, node.get(name), child);
    }
  }

  /**
   * A location with a scheme ({@code s3://}, {@code file:}) is kept as written; a plain path is made absolute
   * against the working directory, because Spark resolves relative paths differently per API (Delta's
   * {@code delta.`path`} rejects them outright) and a job must not depend on which API a stage happens to use.
   */
  static String location(String value) {
    if (value.contains(":/") || value.startsWith("file:")) {
      return value;
    }
    return Paths.get(value).toAbsolutePath().normalize().toString();
  }

  private static void requireIdentifier(JsonFields f, String field, String value) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new ConfigException(f.file(), field,
          "is '" + value + "'; use lower-case letters, digits and '_' (Glue and Athena fold names to lower case)");
    }
  }

  private static JsonNode readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file.toAbsolutePath() + " does not exist", null);
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new ConfigException(file.toString(), "(root)", "must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ConfigException(file + ": not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
