package io.cdclake.bench;

import java.util.Locale;

/** What the merge section times beside the curate run, on the same changes and the same starting rows. */
enum MergePeer {
  /** A plain Delta MERGE ({@link PlainMerge}) into a copy of the curated table. */
  DELTA,
  /** Apache Hudi's upsert into copy-on-write and merge-on-read tables ({@link HudiUpsertBaseline}). */
  HUDI;

  /** The name on the command line. */
  String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static MergePeer parse(String name) {
    for (MergePeer p : values()) {
      if (p.optionName().equals(name.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException("--merge-peers: '" + name + "' is neither delta nor hudi");
  }
}
