package io.cdclake.catalog.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.CatalogException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @Test
  void foldsToLowerCaseAsGlueDoes() {
    assertEquals("customerid", Identifiers.normalize("CustomerId", "column"));
    assertEquals("__is_current", Identifiers.normalize("__is_current", "column"));
    assertEquals("2fa_enabled", Identifiers.normalize("2fa_enabled", "column"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "amount$", "order#", "first name", "e-mail", "naïve", "a.b", "x`y"})
  void refusesNamesAthenaCannotQuery(String name) {
    CatalogException e = assertThrows(CatalogException.class,
        () -> Identifiers.normalize(name, "column " + name + " of table t"));
    assertTrue(e.getMessage().contains("of table t"), e.getMessage());
    assertTrue(e.getMessage().contains("rename"), e.getMessage());
  }

  @Test
  void refusesNamesLongerThanGlueAccepts() {
    assertEquals(255, Identifiers.normalize("a".repeat(255), "t").length());
    assertThrows(CatalogException.class, () -> Identifiers.normalize("a".repeat(256), "t"));
  }

  @Test
  void quotesWithBackticks() {
    assertEquals("`_deleted`", Identifiers.quote("_deleted"));
    assertEquals("`cdc_curated`.`date`", Identifiers.qualified("cdc_curated", "date"));
  }
}
