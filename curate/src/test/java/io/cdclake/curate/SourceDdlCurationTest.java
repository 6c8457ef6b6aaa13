package io.cdclake.curate;

import static io.cdclake.curate.testing.Dms.at;
import static io.cdclake.curate.testing.Dms.change;
import static io.cdclake.curate.testing.Dms.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.dms.DmsJson;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.pci.HashKey;
import io.cdclake.curate.testing.TestLake;
import io.cdclake.ingest.IngestJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DMS sends the DDL it captures as control records, which ingest keeps under {@code source_table=_control}. Curate
 * applies none of them, but a dropped, truncated or renamed source table or a renamed column leaves a curated
 * table no change record will correct: each such control record of a curated table's source must be named in
 * that table's report, with what to do, once, and never in another table's report. The routine ones (the
 * create-table DMS sends before every load, an added column) are only logged.
 */
class SourceDdlCurationTest {
  private static final String CLIENTS = """
      {
        "source": { "schema": "bank", "table": "clients" },
        "primaryKey": ["id"],
        "curated": { "table": "bank_clients", "deleteMode": "soft" },
        "columns": [
          { "name": "id", "type": "bigint" },
          { "name": "name", "type": "string" }
        ]
      }
      """;
  private static final String BRANCHES = """
      {
        "source": { "schema": "bank", "table": "branches" },
        "primaryKey": ["id"],
        "curated": { "table": "bank_branches" },
        "columns": [
          { "name": "id", "type": "bigint" },
          { "name": "city", "type": "string" }
        ]
      }
      """;
  private static final HashKey KEY = HashKey.of("source-ddl-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  @Test
  void eachCapturedDdlOfASourceTableIsNamedInItsTablesReportWithWhatToDo() throws IOException {
    TestLake lake = TestLake.create(CLIENTS, BRANCHES);
    ingest(lake, "run-1.jsonl", List.of(
        DmsRecord.control(DmsOperation.CREATE_TABLE, "bank", "clients", at(5)),
        change(DmsOperation.INSERT, "bank", "clients", 10, 1, row("id", 1L, "name", "Ada")),
        DmsRecord.control(DmsOperation.RENAME_COLUMN, "bank", "clients", at(20)),
        change(DmsOperation.INSERT, "bank", "clients", 30, 1, row("id", 2L, "name", "Bo")),
        DmsRecord.control(DmsOperation.DROP_TABLE, "bank", "clients", at(40)),
        change(DmsOperation.INSERT, "bank", "branches", 10, 1, row("id", 7L, "city", "Oslo")),
        DmsRecord.control(DmsOperation.ADD_COLUMN, "bank", "branches", at(50)),
        DmsRecord.control(DmsOperation.DROP_COLUMN, "bank", "branches", at(60))));

    CurateReport first = lake.curate();

    TableReport clients = first.table("bank_clients").orElseThrow();
    assertEquals(TableReport.Status.OK, clients.status());
    assertEquals(2, lake.table("bank_clients").count(), "control records are never applied as rows");
    assertEquals(2, clients.rawChangesRead(), "control records are not counted as changes");
    List<String> ddl = clients.messages().stream().filter(m -> m.startsWith("source DDL")).toList();
    assertEquals(2, ddl.size(), "create-table (sent before every load) is only logged: " + clients.messages());
    assertTrue(ddl.stream().anyMatch(m -> m.startsWith("source DDL rename-column on bank.clients at "
        + at(20)) && m.contains("rename the declared column in the contract")), ddl.toString());
    assertTrue(ddl.stream().anyMatch(m -> m.startsWith("source DDL drop-table on bank.clients at " + at(40))
        && m.contains("Main rebuild --tables bank_clients --reload-start")), ddl.toString());

    TableReport branches = first.table("bank_branches").orElseThrow();
    List<String> branchDdl = branches.messages().stream().filter(m -> m.startsWith("source DDL")).toList();
    assertEquals(1, branchDdl.size(), "another table's DDL is not this table's, and an added column reaches the"
        + " table by itself (only logged): " + branches.messages());
    assertTrue(branchDdl.get(0).startsWith("source DDL drop-column on bank.branches"), branchDdl.toString());

    CurateReport second = lake.curate();
    assertTrue(second.table("bank_clients").orElseThrow().messages().stream()
        .noneMatch(m -> m.startsWith("source DDL")), "a run names only the DDL it read");
  }

  private static void ingest(TestLake lake, String file, List<DmsRecord> records) throws IOException {
    Files.createDirectories(lake.inputDir());
    Files.write(lake.inputDir().resolve(file), records.stream().map(DmsJson::toJson).toList());
    IngestJob.runAvailableNow(lake.spark, lake.config(), KEY);
  }
}
