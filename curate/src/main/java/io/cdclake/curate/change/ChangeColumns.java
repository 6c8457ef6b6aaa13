package io.cdclake.curate.change;

/** Working columns of a change set: present while changes are ordered and classified, never stored. */
public final class ChangeColumns {
  /** {@link #UPSERT} or {@link #DELETE}. */
  public static final String KIND = "__cdc_kind";
  /** Source time of the change ({@link io.cdclake.curate.order.SourceOrder#sourceTime()}). */
  public static final String TIME = "__cdc_time";
  /** Total order within one batch ({@link io.cdclake.curate.order.SourceOrder#batchOrder()}). */
  public static final String ORDER = "__cdc_order";

  /**
   * A delete record that carries only the key (every other column null): what DMS sends when the source does not
   * log full rows. A soft delete then keeps the row's last known values instead of nulls.
   */
  public static final String KEY_ONLY = "__cdc_key_only";

  public static final String UPSERT = "upsert";
  public static final String DELETE = "delete";

  private ChangeColumns() {}
}
