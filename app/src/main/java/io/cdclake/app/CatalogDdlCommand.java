package io.cdclake.app;

import io.cdclake.catalog.athena.AthenaDdl;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** {@code catalog-ddl --out DIR}: the Athena DDL of every curated table, for review or manual use. */
final class CatalogDdlCommand {
  private final CommandLine cl;

  CatalogDdlCommand(CommandLine cl) {
    this.cl = cl;
    cl.allowOnly("out");
  }

  int run() {
    Path out = Paths.get(cl.option("out")
        .orElseThrow(() -> new CommandLine.UsageException("catalog-ddl needs --out DIR")));
    JobContext ctx = JobContext.start(cl, "catalog-ddl");
    List<Path> files = AthenaDdl.writeAll(ctx.spark(), ctx.config(), out);
    files.forEach(f -> System.out.println("wrote " + f));
    return 0;
  }
}
