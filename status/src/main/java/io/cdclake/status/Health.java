package io.cdclake.status;

/** A table's health, most serious first: the page and the summary sort by it. */
public enum Health {
  /** The last curate run failed for the table: its batch waits for the next run. */
  FAILING("#c62828"),
  /** The newest change in the table is older than its freshness objective, and nothing says the source is quiet. */
  STALE("#ef6c00"),
  /** Changes are held in quarantine (ingest or curate): someone has to look, the rest applies. */
  QUARANTINED("#f9a825"),
  /** Nothing curated yet: no curated table for the contract. */
  NO_DATA("#757575"),
  /**
   * Older than the objective, but the stream is alive and the table's last curate run was recent and clean: the
   * source table has not changed. Not an alarm; a quiet source and a dead pipeline look the same on freshness
   * alone, which is why this needs the other two facts.
   */
  QUIET("#1565c0"),
  OK("#2e7d32");

  private final String colour;

  Health(String colour) {
    this.colour = colour;
  }

  /** The badge colour on the status page. */
  public String colour() {
    return colour;
  }

  /** Whether an on-call engineer has to act ({@code status --check} fails on these). */
  public boolean needsAction() {
    return this == FAILING || this == STALE;
  }
}
