package io.cdclake.app;

import io.cdclake.catalog.athena.AthenaDdl;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code catalog-ddl --out DIR}: the Athena DDL of every curated table, for review or manual use. */
@Command(name = "catalog-ddl", description = "write the Athena DDL of every curated table to DIR")
final class CatalogDdlCommand implements Callable<Integer> {
  @Mixin
  JobOptions job;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for the <table>.sql files")
  Path out;

  @Override
  public Integer call() {
    JobContext ctx = JobContext.start(job, "catalog-ddl");
    List<Path> files = AthenaDdl.writeAll(ctx.spark(), ctx.config(), out);
    files.forEach(f -> System.out.println("wrote " + f));
    return 0;
  }
}
