package io.cdclake.ingest.decode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Row images of the sample contracts (payments.customers, payments.cards) for the ingest tests. */
public final class TestRows {
  private TestRows() {}

  public static Map<String, Object> customer(Object id) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("customer_id", id);
    row.put("full_name", "Name " + id);
    row.put("email", "c" + id + "@example.com");
    row.put("country", "GB");
    row.put("created_at", "2023-01-10 08:00:00");
    row.put("updated_at", "2024-03-05 23:00:00.123456");
    return row;
  }

  public static Map<String, Object> card(Object id, String pan) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("card_id", id);
    row.put("customer_id", 1);
    row.put("pan", pan);
    row.put("card_holder", "ADA LOVELACE");
    row.put("expiry_month", 12);
    row.put("expiry_year", 2030);
    row.put("status", "active");
    row.put("updated_at", "2024-03-05 10:00:00");
    return row;
  }
}
