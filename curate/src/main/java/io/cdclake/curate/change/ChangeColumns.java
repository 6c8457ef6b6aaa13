package io.cdclake.curate.change;

/** Working columns of a change set: present while changes are ordered and classified, never stored. */
public final class ChangeColumns {
  /** {@link #UPSERT} or {@link #DELETE}. */
  public static final String KIND = "__cdc_kind";
  /** Source time of the change ({@link io.cdclake.curate.order.SourceOrder#sourceTime()}). */
  public static final String TIME = "__cdc_time";
  /** Total order within one batch ({@link io.cdclake.curate.order.SourceOrder#batchOrder()}). */
  public static final String ORDER = "__cdc_order";

  public static final String UPSERT = "upsert";
  public static final String DELETE = "delete";

  private ChangeColumns() {}
}
