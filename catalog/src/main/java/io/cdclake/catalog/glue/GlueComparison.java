package io.cdclake.catalog.glue;

import io.cdclake.catalog.model.TableDefinitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Decides whether an existing Glue table already matches the desired definition, looking only at what the sync
 * manages. Glue adds fields of its own when it stores a table (create time, version id, empty bucket lists,
 * {@code NumberOfBuckets = -1}) and other tools add properties; none of that is a reason to write.
 */
public final class GlueComparison {
  /** Properties the sync sets; everything else on a table is left as found. */
  private static final Set<String> MANAGED_KEYS =
      Set.of("EXTERNAL", "classification", "table_type", "spark.sql.sources.provider");

  private GlueComparison() {}

  public static boolean isManaged(String parameter) {
    return MANAGED_KEYS.contains(parameter) || parameter.startsWith(TableDefinitions.PREFIX);
  }

  /** What differs between the existing table and the desired input, in words; empty when nothing does. */
  public static Differences diff(Table existing, TableInput desired) {
    List<String> changes = new ArrayList<>();
    View before = View.of(existing);
    View after = View.of(desired);

    columnChanges("column", before.columns(), after.columns(), changes);
    columnChanges("partition key", before.partitionKeys(), after.partitionKeys(), changes);
    if (before.columns().keySet().equals(after.columns().keySet())
        && !before.columnOrder().equals(after.columnOrder())) {
      changes.add("column order " + before.columnOrder() + " -> " + after.columnOrder());
    }
    if (before.partitionKeys().keySet().equals(after.partitionKeys().keySet())
        && !before.partitionKeyOrder().equals(after.partitionKeyOrder())) {
      changes.add("partition key order " + before.partitionKeyOrder() + " -> " + after.partitionKeyOrder());
    }
    note(changes, "table type", before.tableType(), after.tableType());
    note(changes, "location", before.location(), after.location());
    note(changes, "input format", before.inputFormat(), after.inputFormat());
    note(changes, "output format", before.outputFormat(), after.outputFormat());
    note(changes, "serde", before.serde(), after.serde());
    note(changes, "serde parameters", before.serdeParameters(), after.serdeParameters());
    note(changes, "description", before.description(), after.description());
    note(changes, "owner", before.owner(), after.owner());

    Set<String> keys = new TreeSet<>(before.parameters().keySet());
    keys.addAll(after.parameters().keySet());
    boolean versionChanged = false;
    for (String key : keys) {
      String b = before.parameters().get(key);
      String a = after.parameters().get(key);
      if (!Objects.equals(a, b)) {
        if (key.equals(TableDefinitions.DELTA_VERSION)) {
          versionChanged = true;
          changes.add("delta version " + (b == null ? "(none)" : b) + " -> " + a);
        } else {
          changes.add("property " + key + (a == null ? " removed" : b == null ? " added" : " changed"));
        }
      }
    }
    // The projections are the authority: a difference the descriptions above missed still causes a write.
    if (changes.isEmpty() && !before.equals(after)) {
      changes.add("table definition");
    }
    boolean onlyVersion = versionChanged && changes.size() == 1;
    return new Differences(changes, onlyVersion);
  }

  /** Whether an existing partition's storage already matches the desired one. */
  public static boolean sameStorage(StorageDescriptor existing, StorageDescriptor desired) {
    return Storage.of(existing).equals(Storage.of(desired));
  }

  /**
   * @param changes     human-readable differences, empty when the table is up to date
   * @param versionOnly only the synced Delta version differs (no archive of the previous definition is needed)
   */
  public record Differences(List<String> changes, boolean versionOnly) {
    public boolean none() {
      return changes.isEmpty();
    }
  }

  private static void columnChanges(String what, Map<String, String> before, Map<String, String> after,
      List<String> changes) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> retyped = new ArrayList<>();
    after.forEach((name, type) -> {
      String old = before.get(name);
      if (old == null) {
        added.add(name);
      } else if (!old.equals(type)) {
        retyped.add(name + " " + old + " -> " + type);
      }
    });
    before.keySet().stream().filter(n -> !after.containsKey(n)).forEach(removed::add);
    if (!added.isEmpty()) {
      changes.add(what + "s added " + added);
    }
    if (!removed.isEmpty()) {
      changes.add(what + "s removed " + removed);
    }
    if (!retyped.isEmpty()) {
      changes.add(what + " types changed " + retyped);
    }
  }

  private static void note(List<String> changes, String what, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      changes.add(what + " " + shorten(before) + " -> " + shorten(after));
    }
  }

  private static String shorten(Object value) {
    String s = String.valueOf(value);
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  /** Columns as name -> "type // comment", in order. */
  private static Map<String, String> columnMap(List<Column> columns) {
    Map<String, String> out = new LinkedHashMap<>();
    if (columns != null) {
      for (Column c : columns) {
        String comment = text(c.comment());
        out.put(c.name().toLowerCase(Locale.ROOT), text(c.type()) + (comment.isEmpty() ? "" : " // " + comment));
      }
    }
    return out;
  }

  private static Map<String, String> managedParameters(Map<String, String> parameters) {
    Map<String, String> out = new TreeMap<>();
    if (parameters != null) {
      parameters.forEach((k, v) -> {
        if (isManaged(k)) {
          out.put(k, v);
        }
      });
    }
    return out;
  }

  /** The managed part of a storage descriptor, normalized. */
  record Storage(Map<String, String> columns, List<String> columnOrder, String location, String inputFormat,
      String outputFormat, String serde, Map<String, String> serdeParameters) {

    static Storage of(StorageDescriptor sd) {
      if (sd == null) {
        return new Storage(Map.of(), List.of(), "", "", "", "", Map.of());
      }
      SerDeInfo serde = sd.serdeInfo();
      Map<String, String> columns = columnMap(sd.hasColumns() ? sd.columns() : List.of());
      return new Storage(columns, List.copyOf(columns.keySet()), text(sd.location()), text(sd.inputFormat()),
          text(sd.outputFormat()), serde == null ? "" : text(serde.serializationLibrary()),
          serde == null || !serde.hasParameters() ? Map.of() : new TreeMap<>(serde.parameters()));
    }
  }

  /** The managed part of a table, normalized so that a stored table and an input compare equal when they match. */
  record View(String name, String tableType, String description, String owner, Map<String, String> parameters,
      Map<String, String> partitionKeys, List<String> partitionKeyOrder, Storage storage) {

    static View of(Table t) {
      Map<String, String> keys = columnMap(t.hasPartitionKeys() ? t.partitionKeys() : List.of());
      return new View(text(t.name()).toLowerCase(Locale.ROOT), text(t.tableType()), text(t.description()),
          text(t.owner()), managedParameters(t.hasParameters() ? t.parameters() : Map.of()), keys,
          List.copyOf(keys.keySet()), Storage.of(t.storageDescriptor()));
    }

    static View of(TableInput t) {
      Map<String, String> keys = columnMap(t.hasPartitionKeys() ? t.partitionKeys() : List.of());
      return new View(text(t.name()).toLowerCase(Locale.ROOT), text(t.tableType()), text(t.description()),
          text(t.owner()), managedParameters(t.hasParameters() ? t.parameters() : Map.of()), keys,
          List.copyOf(keys.keySet()), Storage.of(t.storageDescriptor()));
    }

    Map<String, String> columns() {
      return storage.columns();
    }

    List<String> columnOrder() {
      return storage.columnOrder();
    }

    String location() {
      return storage.location();
    }

    String inputFormat() {
      return storage.inputFormat();
    }

    String outputFormat() {
      return storage.outputFormat();
    }

    String serde() {
      return storage.serde();
    }

    Map<String, String> serdeParameters() {
      return storage.serdeParameters();
    }
  }
}
