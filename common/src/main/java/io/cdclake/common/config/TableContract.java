package io.cdclake.common.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The data contract of one replicated source table: what it is called at the source and in the lake, how
 * its rows are identified, how changes apply, and which columns are sensitive.
 *
 * @param sourceSchema    DMS {@code schema-name}
 * @param sourceTable     DMS {@code table-name}
 * @param primaryKey      key columns, in order; never empty
 * @param curatedTable    name of the curated Delta table and of its catalog entry
 * @param partitionBy     curated partition columns (may be empty)
 * @param deleteMode      hard or soft deletes
 * @param historyMode     latest state or SCD type 2
 * @param deletionVectors whether the curated table uses deletion vectors (faster merges, but then no symlink
 *                        manifest: Athena must read it as a native Delta table)
 * @param columns         declared columns with types; columns DMS sends that are not declared here still flow,
 *                        as strings (see {@code RawColumns.EXTRA})
 * @param owner           team or person accountable for the table
 * @param description     free text for the catalog
 * @param contractFile    where the contract was read from, for error messages
 * @param catalogFormat   how Athena reads the table (symlink manifest or native Delta); always NATIVE when
 *                        {@code deletionVectors} is set
 * @param freshnessObjectiveMinutes how far behind its source the table may be (its freshness SLO); empty takes
 *                        the environment's default, which the status and the alarms are given
 * @param source          the kind of source database and its options (relational through DMS by default)
 */
public record TableContract(
    String sourceSchema,
    String sourceTable,
    List<String> primaryKey,
    String curatedTable,
    List<String> partitionBy,
    DeleteMode deleteMode,
    HistoryMode historyMode,
    boolean deletionVectors,
    List<ColumnSpec> columns,
    String owner,
    String description,
    String contractFile,
    CatalogFormat catalogFormat,
    OptionalInt freshnessObjectiveMinutes,
    SourceOptions source) {

  public TableContract {
    if (freshnessObjectiveMinutes == null) {
      freshnessObjectiveMinutes = OptionalInt.empty();
    }
    if (source == null) {
      source = SourceOptions.RELATIONAL;
    }
    primaryKey = List.copyOf(primaryKey);
    partitionBy = List.copyOf(partitionBy);
    columns = List.copyOf(columns);
    if (catalogFormat == null) {
      catalogFormat = defaultCatalogFormat(deletionVectors);
    }
  }

  /** The same contract for a table of another kind of source database. */
  public TableContract withSource(SourceOptions options) {
    return new TableContract(sourceSchema, sourceTable, primaryKey, curatedTable, partitionBy, deleteMode,
        historyMode, deletionVectors, columns, owner, description, contractFile, catalogFormat,
        freshnessObjectiveMinutes, options);
  }

  /** The kind of database the table replicates from. */
  public SourceDatabase database() {
    return source.database();
  }

  /** The contract without a freshness objective of its own. */
  public TableContract(
      String sourceSchema,
      String sourceTable,
      List<String> primaryKey,
      String curatedTable,
      List<String> partitionBy,
      DeleteMode deleteMode,
      HistoryMode historyMode,
      boolean deletionVectors,
      List<ColumnSpec> columns,
      String owner,
      String description,
      String contractFile,
      CatalogFormat catalogFormat) {
    this(sourceSchema, sourceTable, primaryKey, curatedTable, partitionBy, deleteMode, historyMode, deletionVectors,
        columns, owner, description, contractFile, catalogFormat, OptionalInt.empty(), SourceOptions.RELATIONAL);
  }

  /** The contract without an explicit catalog format: the default for its deletion-vector setting. */
  public TableContract(
      String sourceSchema,
      String sourceTable,
      List<String> primaryKey,
      String curatedTable,
      List<String> partitionBy,
      DeleteMode deleteMode,
      HistoryMode historyMode,
      boolean deletionVectors,
      List<ColumnSpec> columns,
      String owner,
      String description,
      String contractFile) {
    this(sourceSchema, sourceTable, primaryKey, curatedTable, partitionBy, deleteMode, historyMode, deletionVectors,
        columns, owner, description, contractFile, (CatalogFormat) null);
  }

  /** Manifests cannot describe deletion vectors, so such tables are native; all others default to manifests. */
  public static CatalogFormat defaultCatalogFormat(boolean deletionVectors) {
    return deletionVectors ? CatalogFormat.NATIVE : CatalogFormat.MANIFEST;
  }

  /** The table's freshness objective: its own, or {@code defaultMinutes}. */
  public int freshnessObjectiveMinutes(int defaultMinutes) {
    return freshnessObjectiveMinutes.orElse(defaultMinutes);
  }

  /**
   * {@code schema.table} as DMS names it ({@code dynamodb.<table>} for a DynamoDB table); the routing key of the
   * shared stream.
   */
  public String sourceId() {
    return sourceSchema + "." + sourceTable;
  }

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public List<ColumnSpec> protectedColumns() {
    return columns.stream().filter(c -> c.protection().isPresent()).collect(Collectors.toList());
  }

  /** Athena can read this table through a symlink manifest only without deletion vectors. */
  public boolean manifestCompatible() {
    return !deletionVectors;
  }
}
