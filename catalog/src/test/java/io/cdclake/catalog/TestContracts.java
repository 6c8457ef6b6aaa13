package io.cdclake.catalog;

import io.cdclake.common.config.CatalogConfig;
import io.cdclake.common.config.CatalogFormat;
import io.cdclake.common.config.CatalogMode;
import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.config.IngestConfig;
import io.cdclake.common.config.PciConfig;
import io.cdclake.common.config.PipelineConfig;
import io.cdclake.common.config.SourceKind;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.config.Zones;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Contracts and configs for catalog tests; the catalog reads only names, keys and modes from a contract. */
public final class TestContracts {
  private TestContracts() {}

  public static TableContract contract(String curatedTable, CatalogFormat format) {
    return new TableContract("payments", curatedTable.replace("payments_", ""), List.of("payment_id"), curatedTable,
        List.of(), DeleteMode.HARD, HistoryMode.LATEST, format == CatalogFormat.NATIVE, List.of(),
        "payments-data@example.com", "Card payments, latest state.", "conf/contracts/" + curatedTable + ".json",
        format);
  }

  public static TableContract scd2Contract(String curatedTable) {
    return new TableContract("payments", "cards", List.of("card_id"), curatedTable, List.of(), DeleteMode.SOFT,
        HistoryMode.SCD2, false, List.of(), "card-issuing@example.com", "Issued cards with history",
        "conf/contracts/payments.cards.json", CatalogFormat.MANIFEST);
  }

  /** A config whose curated zone is {@code lakeDir/curated}. */
  public static PipelineConfig config(Path lakeDir, CatalogMode mode, String database, List<TableContract> tables) {
    String root = lakeDir.toString();
    return new PipelineConfig("test",
        new Zones(root + "/raw", root + "/curated", root + "/quarantine", root + "/checkpoints"),
        new IngestConfig(SourceKind.FILES, 30, Optional.empty(), Optional.of(root + "/in"), 1),
        new CatalogConfig(mode, database, "eu-west-1", Optional.empty()),
        new PciConfig("CDC_PCI_HASH_KEY", true),
        tables,
        "conf/test.json");
  }
}
