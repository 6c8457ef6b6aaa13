package io.cdclake.common.dms.synth;

/**
 * Relative weights of what the generator does next. Weights need not sum to anything; zero disables a kind.
 *
 * @param insert    a new key appears
 * @param update    a live key's values change
 * @param delete    a live key disappears
 * @param keyChange a live key is re-keyed (an update whose before-image carries the old key)
 * @param duplicate the previous record is sent again, as DMS does after a task restart
 */
public record ChangeMix(double insert, double update, double delete, double keyChange, double duplicate) {
  /** Mostly updates, some churn: what an OLTP payments table looks like. */
  public static ChangeMix oltp() {
    return new ChangeMix(0.30, 0.50, 0.12, 0.03, 0.05);
  }

  double total() {
    return insert + update + delete + keyChange + duplicate;
  }
}
