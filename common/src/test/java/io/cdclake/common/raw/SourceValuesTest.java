package io.cdclake.common.raw;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.ConfigLoader;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a declared DocumentDB column is read from a document in MongoDB extended JSON, in every form DMS can write a
 * value in: relaxed (plain JSON numbers, ISO dates) and canonical (every number and date wrapped).
 */
class SourceValuesTest {
  @TempDir
  Path dir;

  private final SparkSession spark = SharedSpark.get();

  private TableContract documentContract() throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, """
        { "source": { "database": "documentdb", "schema": "cases", "table": "disputes" },
          "primaryKey": ["_id"], "curated": {},
          "columns": [ { "name": "_id", "type": "string" },
                       { "name": "opened_at", "type": "timestamp", "path": "openedAt" },
                       { "name": "amount", "type": "decimal(12,2)" },
                       { "name": "pages", "type": "int" },
                       { "name": "customer_id", "type": "bigint", "path": "customer.id" } ] }""");
    return new ConfigLoader(Map.of()).contract(file);
  }

  /** The typed values of {@code column} for each document, read as curate reads a raw row's image. */
  private List<Object> read(String column, String... documents) throws IOException {
    TableContract contract = documentContract();
    ColumnSpec spec = contract.column(column).orElseThrow();
    Dataset<Row> images = spark.createDataset(List.of(documents), Encoders.STRING()).toDF("doc")
        .select(org.apache.spark.sql.functions.map(org.apache.spark.sql.functions.lit("_id"),
            org.apache.spark.sql.functions.lit("x"), org.apache.spark.sql.functions.lit(SourceValues.DOCUMENT),
            col("doc")).as("image"));
    Column text = SourceValues.text(col("image"), contract, spec);
    List<Object> out = new ArrayList<>();
    for (Row r : images.select(SourceValues.typed(text, org.apache.spark.sql.types.DataType.fromDDL(spec.storedType())).as("v")).collectAsList()) {
      out.add(r.get(0));
    }
    return out;
  }

  @Test
  void aDateIsReadInEveryExtendedJsonFormAsTheSameInstant() throws IOException {
    // 1709283600000 ms = 2024-03-01T09:00:00Z; the relaxed form's offset names the same instant.
    List<Object> values = read("opened_at",
        "{\"openedAt\":{\"$date\":\"2024-03-01T09:00:00Z\"}}",
        "{\"openedAt\":{\"$date\":\"2024-03-01T10:00:00.000+01:00\"}}",
        "{\"openedAt\":{\"$date\":{\"$numberLong\":\"1709283600000\"}}}",
        "{\"openedAt\":{\"$date\":1709283600000}}",
        "{\"openedAt\":{\"$date\":{\"$numberLong\":\"1709283600123\"}}}");
    Timestamp nine = Timestamp.from(java.time.Instant.parse("2024-03-01T09:00:00Z"));
    assertEquals(List.of(nine, nine, nine, nine,
        Timestamp.from(java.time.Instant.parse("2024-03-01T09:00:00.123Z"))), values);
  }

  @Test
  void aDateBeforeTheEpochAsNegativeMillisecondsIsReadToo() throws IOException {
    assertEquals(List.of(Timestamp.from(java.time.Instant.parse("1969-12-31T23:59:59.500Z"))),
        read("opened_at", "{\"openedAt\":{\"$date\":{\"$numberLong\":\"-500\"}}}"));
  }

  @Test
  void numbersAreReadWrappedOrPlain() throws IOException {
    assertEquals(List.of(new java.math.BigDecimal("12.50"), new java.math.BigDecimal("1.50"),
            new java.math.BigDecimal("3.00")),
        read("amount", "{\"amount\":{\"$numberDecimal\":\"12.50\"}}", "{\"amount\":1.5}",
            "{\"amount\":{\"$numberDouble\":\"3.0\"}}"));
    assertEquals(List.of(2, 5), read("pages", "{\"pages\":2}", "{\"pages\":{\"$numberInt\":\"5\"}}"));
    assertEquals(List.of(7L, 8L), read("customer_id", "{\"customer\":{\"id\":{\"$numberLong\":\"7\"}}}",
        "{\"customer\":{\"id\":8}}"));
  }

  @Test
  void theKeyIsTheObjectIdsHexString() throws IOException {
    assertEquals("string", documentContract().column("_id").orElseThrow().storedType());
    Dataset<Row> images = spark.createDataset(List.of("{\"$oid\":\"65e1a9f0c2b4d6e8f0a1b201\"}"), Encoders.STRING())
        .toDF("id").select(org.apache.spark.sql.functions.map(org.apache.spark.sql.functions.lit("_id"), col("id"))
            .as("image"));
    TableContract contract = documentContract();
    assertEquals("65e1a9f0c2b4d6e8f0a1b201", images.select(
        SourceValues.text(col("image"), contract, contract.column("_id").orElseThrow())).first().getString(0));
  }
}
