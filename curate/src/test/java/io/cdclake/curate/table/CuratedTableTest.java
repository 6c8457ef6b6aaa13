package io.cdclake.curate.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.testing.SparkJobCounter;
import io.cdclake.curate.schema.TableShape;
import io.cdclake.curate.testing.TestLake;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class CuratedTableTest {
  static final String ACCOUNTS = """
      {
        "source": { "schema": "bank", "table": "accounts" },
        "primaryKey": ["id"],
        "curated": { "table": "bank_accounts", "partitionBy": ["currency"], "deleteMode": "hard" },
        "columns": [
          { "name": "id", "type": "bigint" },
          { "name": "owner", "type": "string" },
          { "name": "currency", "type": "string" }
        ]
      }
      """;

  /**
   * Curate asks for the shape and version several times per batch. Once a version has been read, asking again
   * costs a version check per call (one small job), not a new read of schema and detail.
   */
  @Test
  void askingAgainWithoutACommitCostsOneVersionCheckPerCall() {
    TestLake lake = TestLake.create(ACCOUNTS);
    CuratedTable table = lake.curatedTable("bank_accounts");
    table.createIfMissing();
    table.shape();

    int jobs = SparkJobCounter.count(lake.spark, () -> {
      table.shape();
      table.version();
    });

    assertTrue(jobs <= 2, "a shape() and version() pair started " + jobs + " Spark jobs");
  }

  @Test
  void aCommitIsSeenByTheNextCallWhoeverMadeIt() {
    TestLake lake = TestLake.create(ACCOUNTS);
    CuratedTable table = lake.curatedTable("bank_accounts");
    table.createIfMissing();
    TableShape created = table.shape().orElseThrow();
    long version = table.version();
    assertFalse(created.schema().getFieldIndex("iban").isDefined());
    assertEquals(List.of("currency"), created.partitionColumns());

    table.addColumns(List.of(new StructField("iban", DataTypes.StringType, true, Metadata.empty())));
    assertEquals(version + 1, table.version());
    assertTrue(table.shape().orElseThrow().schema().getFieldIndex("iban").isDefined());

    lake.spark.sql("ALTER TABLE delta.`" + table.path() + "` SET TBLPROPERTIES ('cdclake.owner' = 'payments')");
    assertEquals(version + 2, table.version());
    assertEquals("payments", table.shape().orElseThrow().property("cdclake.owner").orElseThrow());
  }

  @Test
  void aTableNotCreatedYetHasNoShapeNorVersion() {
    CuratedTable table = TestLake.create(ACCOUNTS).curatedTable("bank_accounts");
    assertTrue(table.shape().isEmpty());
    assertEquals(-1, table.version());
    assertFalse(table.refreshManifest());
  }
}
