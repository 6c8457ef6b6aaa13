package io.cdclake.ingest.decode;

import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.ColumnProtection;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The decode stage as one object: envelope, per-table raw rows, control records and quarantine, for one
 * micro-batch. Every method is a pure transformation; the writer decides what to materialise.
 */
public final class BatchDecoder {
  private final List<TableContract> tables;
  private final ColumnProtection protection;

  public BatchDecoder(List<TableContract> tables, ColumnProtection protection) {
    this.tables = List.copyOf(tables);
    this.protection = protection;
  }

  public List<TableContract> tables() {
    return tables;
  }

  /** Source records with the parsed envelope and classification (see {@link Envelope}). */
  public Dataset<Row> envelope(Dataset<Row> records) {
    return Envelope.decode(records, tables);
  }

  /** One table's records, typed, with their problems (input of {@link #rows} and {@link #rejected}). */
  public Dataset<Row> typed(Dataset<Row> envelope, TableContract table, long batchId) {
    return TableRows.typed(envelope, table, batchId);
  }

  /** Valid rows of a table in its exact raw schema, protected. */
  public Dataset<Row> rows(Dataset<Row> typed, TableContract table) {
    return TableRows.valid(typed, table, protection);
  }

  /** Records of a table that do not fit its contract, in the quarantine layout. */
  public Dataset<Row> rejected(Dataset<Row> typed, long batchId) {
    return TableRows.rejected(typed, batchId);
  }

  /** Column of {@link #typed} output that is empty for valid rows. */
  public static String problemsColumn() {
    return TableRows.PROBLEMS;
  }

  public Dataset<Row> control(Dataset<Row> envelope, long batchId) {
    return ControlRecords.rows(envelope, batchId);
  }

  /** Records the envelope decoder rejected, in the quarantine layout. */
  public Dataset<Row> quarantined(Dataset<Row> envelope, long batchId) {
    return Quarantine.fromEnvelope(envelope, batchId);
  }
}
