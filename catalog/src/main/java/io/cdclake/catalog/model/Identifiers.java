package io.cdclake.catalog.model;

import io.cdclake.catalog.CatalogException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names as Glue and Athena accept them. Glue folds database, table and column names to lower case and Athena
 * allows no special character other than the underscore, so a name is validated here, once, rather than
 * discovered as an unqueryable table in production.
 */
public final class Identifiers {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
  /** Glue's limit on database, table and column names (UTF-8 bytes; the names here are ASCII). */
  static final int MAX_LENGTH = 255;

  private Identifiers() {}

  /**
   * The catalog form of a name: lower case, checked.
   *
   * @param name  the name as Delta or the contract spells it
   * @param where what the name belongs to, for the error message (e.g. "column amount of table payments")
   */
  public static String normalize(String name, String where) {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (!NAME.matcher(lower).matches()) {
      throw new CatalogException("'" + name + "' (" + where + ") is not a valid Athena name: use only letters,"
          + " digits and underscores (rename the column at the source, or with a rename-column rule in the DMS"
          + " task's table mapping)");
    }
    if (lower.length() > MAX_LENGTH) {
      throw new CatalogException("'" + name + "' (" + where + ") is longer than " + MAX_LENGTH + " characters,"
          + " the Glue limit");
    }
    return lower;
  }

  /**
   * Backtick-quotes a validated name for DDL. Quoting every name keeps reserved words ({@code date},
   * {@code status}) and leading underscores ({@code _deleted}) legal without a list of keywords to maintain.
   */
  public static String quote(String name) {
    return "`" + name + "`";
  }

  /** {@code `db`.`table`}. */
  public static String qualified(String database, String table) {
    return quote(database) + "." + quote(table);
  }
}
