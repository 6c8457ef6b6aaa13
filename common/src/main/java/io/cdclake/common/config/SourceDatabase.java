package io.cdclake.common.config;

/**
 * What kind of database a contracted table replicates from. It decides how the table's records are recognised on
 * the shared stream, how its values are named ({@link ColumnSpec#path}) and how its changes are ordered.
 */
public enum SourceDatabase {
  /** RDS, Aurora or any relational engine, through AWS DMS (DMS JSON records). */
  RELATIONAL,
  /** Amazon DynamoDB, through Kinesis Data Streams for DynamoDB (its own change-record JSON). */
  DYNAMODB,
  /** Amazon DocumentDB, through AWS DMS (DMS JSON records, in document or table mode). */
  DOCUMENTDB;

  /**
   * The schema name under which DynamoDB tables are routed: a DynamoDB change record names only its table, so the
   * routing key ({@link TableContract#sourceId()}) of a DynamoDB table is {@code dynamodb.<table name>}.
   */
  public static final String DYNAMODB_SCHEMA = "dynamodb";
}
