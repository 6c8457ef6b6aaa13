package io.cdclake.common.pci;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.Protection;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.raw.SourceValues;
import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the contracts' column protections to row images (the {@code data} and {@code before-image} maps of a
 * record) before anything is written: the raw zone keeps every value as text, so protecting the map entries
 * protects every copy of a column.
 *
 * <p>Columns a contract does not declare get a conservative default, because a source team can add a card-number
 * column before anyone updates the contract: names that look like card data ({@link CardDataColumns}) are hashed,
 * or dropped for sensitive authentication data, and every other undeclared value has card-number-shaped digits
 * masked ({@link PanScrubber}). Serializable: it runs inside the decode function on the executors.
 */
public final class ColumnProtection implements Serializable {
  private static final long serialVersionUID = 3L;
  private final Protectors.Hasher hasher;
  private final HashMap<String, TableRules> rules = new HashMap<>();

  public ColumnProtection(HashKey key, Collection<TableContract> contracts) {
    this.hasher = new Protectors.Hasher(key);
    for (TableContract c : contracts) {
      rules.put(c.sourceId(), new TableRules(c));
    }
  }

  /**
   * A protected copy of {@code image}, a row image of table {@code sourceId} ({@code schema.table}). A table
   * without a contract gets the undeclared-column default for every column.
   */
  public Map<String, String> protect(String sourceId, Map<String, String> image) {
    if (image == null) {
      return null;
    }
    TableRules t = rules.getOrDefault(sourceId, TableRules.NONE);
    Map<String, String> out = new LinkedHashMap<>(image.size() * 2);
    image.forEach((k, v) -> out.put(protectedName(t, k, out),
        t.documentMode && k.equals(SourceValues.DOCUMENT) && v != null && !t.declared.contains(k)
            ? DocumentProtection.protect(v, field -> documentRule(t, field), this::protector)
            : protectEntry(t, k, v)));
    return out;
  }

  /** A document field's rule: its contract's protection, none for a declared unprotected one, else the default. */
  private static Optional<Protection> documentRule(TableRules t, String field) {
    if (t.declaredProtection.containsKey(field)) {
      return Optional.of(t.declaredProtection.get(field));
    }
    if (t.declared.contains(field)) {
      return Optional.empty();
    }
    Protection p = undeclaredDefault(field);
    return p == null ? null : Optional.of(p);
  }

  private java.util.function.Function<String, String> protector(Protection p) {
    return switch (p) {
      case HASH -> hasher::hash;
      case MASK -> Protectors::mask;
      case DROP -> v -> null;
    };
  }

  /**
   * An undeclared column's name with any card number in it masked (it becomes a curated column, a Delta schema
   * field, a log word); a second column masked to the same name gets a numbered suffix rather than overwriting it.
   */
  private static String protectedName(TableRules t, String column, Map<String, String> taken) {
    if (t.declared.contains(column)) {
      return column;
    }
    String name = PanScrubber.scrubName(column);
    if (name.equals(column)) {
      return column;
    }
    String unique = name;
    for (int i = 2; taken.containsKey(unique); i++) {
      unique = name + "_" + i;
    }
    return unique;
  }

  private String protectEntry(TableRules t, String column, String value) {
    if (value == null) {
      return null;
    }
    Protection p = t.declaredProtection.get(column);
    boolean declared = t.declared.contains(column);
    if (p == null && !declared) {
      p = undeclaredDefault(column);
    }
    if (p == null) {
      return declared ? value : PanScrubber.scrub(value);
    }
    return protector(p).apply(value);
  }

  private static Protection undeclaredDefault(String column) {
    if (CardDataColumns.isSensitiveAuthenticationData(column)) {
      return Protection.DROP;
    }
    return CardDataColumns.isPrimaryAccountNumber(column) ? Protection.HASH : null;
  }

  /** One contract's protections, by column name. */
  private static final class TableRules implements Serializable {
    private static final long serialVersionUID = 1L;
    static final TableRules NONE = new TableRules();
    final HashMap<String, Protection> declaredProtection = new HashMap<>();
    final HashSet<String> declared = new HashSet<>();
    /** DocumentDB in document mode: columns without a path of their own are fields of {@code _doc}. */
    final boolean documentMode;

    private TableRules() {
      documentMode = false;
    }

    /** By the name the record holds the value under ({@link ColumnSpec#sourcePath()}), not the lake's name. */
    TableRules(TableContract contract) {
      documentMode = contract.source().documentMode();
      contract.protectedColumns().forEach(c -> declaredProtection.put(c.sourcePath(), c.protection().get()));
      contract.columns().stream().map(ColumnSpec::sourcePath).forEach(declared::add);
    }
  }

  /** For tests and tools: the protection the entries of a row image get under {@code contract}. */
  static Map<String, String> protectEntries(HashKey key, TableContract contract, Map<String, String> entries) {
    return new ColumnProtection(key, Set.of(contract)).protect(contract.sourceId(), entries);
  }
}
