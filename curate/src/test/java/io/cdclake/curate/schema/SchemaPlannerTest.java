package io.cdclake.curate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.config.Protection;
import io.cdclake.common.config.TableContract;
import io.cdclake.curate.change.DataColumn;
import io.cdclake.curate.table.CuratedTable;
import io.cdclake.curate.table.CuratedTableProperties;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaPlannerTest {
  static TableContract contract(List<ColumnSpec> columns, List<String> partitionBy, DeleteMode deleteMode) {
    return new TableContract("s", "t", List.of("id"), "s_t", partitionBy, deleteMode, HistoryMode.LATEST, false,
        columns, "o", "", "test");
  }

  static final List<ColumnSpec> BASE = List.of(ColumnSpec.of("id", "bigint"), ColumnSpec.of("n", "int"),
      ColumnSpec.of("region", "string"));

  /** The table as curate would have created it for {@code c}, plus extra fields. */
  static TableShape tableFor(TableContract c, StructField... extra) {
    StructType schema = CuratedTable.initialSchema(c);
    for (StructField f : extra) {
      schema = schema.add(f);
    }
    return new TableShape(schema, c.partitionBy(), CuratedTableProperties.forNewTable(c));
  }

  static List<String> names(List<?> fields) {
    return fields.stream().map(f -> f instanceof StructField s ? s.name() : ((DataColumn) f).name()).toList();
  }

  @Test
  void unchangedTableNeedsNothing() {
    TableContract c = contract(BASE, List.of(), DeleteMode.HARD);
    SchemaPlan plan = SchemaPlanner.plan(c, Optional.of(tableFor(c)), Set.of());
    assertTrue(plan.compatible());
    assertFalse(plan.changesTable());
    assertEquals(List.of("id", "n", "region"), names(plan.dataColumns()));
  }

  @Test
  void addsNewDeclaredAndUndeclaredColumnsUndeclaredAsText() {
    TableContract old = contract(BASE, List.of(), DeleteMode.HARD);
    TableContract now = contract(List.of(ColumnSpec.of("id", "bigint"), ColumnSpec.of("n", "int"),
        ColumnSpec.of("region", "string"), ColumnSpec.of("opened", "date")), List.of(), DeleteMode.HARD);
    SchemaPlan plan = SchemaPlanner.plan(now, Optional.of(tableFor(old,
        DataTypes.createStructField("tier", DataTypes.StringType, true))), List.of("tier", "loyalty", "opened"));
    assertTrue(plan.compatible(), plan.problemText());
    assertEquals(List.of("opened", "loyalty"), names(plan.additions()));
    assertEquals(DataTypes.DateType, plan.additions().get(0).dataType());
    assertEquals(DataTypes.StringType, plan.additions().get(1).dataType());
    assertEquals(List.of("id", "n", "region", "opened", "tier", "loyalty"), names(plan.dataColumns()));
    assertFalse(plan.dataColumns().get(4).declared());
  }

  @Test
  void widensLosslessTypesAndRefusesTheRest() {
    TableContract old = contract(BASE, List.of(), DeleteMode.HARD);
    SchemaPlan widen = SchemaPlanner.plan(contract(List.of(ColumnSpec.of("id", "bigint"), ColumnSpec.of("n", "bigint"),
        ColumnSpec.of("region", "string")), List.of(), DeleteMode.HARD), Optional.of(tableFor(old)), Set.of());
    assertTrue(widen.compatible());
    assertEquals(List.of("n"), names(widen.widenings()));
    assertEquals(DataTypes.LongType, widen.widenings().get(0).dataType());

    SchemaPlan narrow = SchemaPlanner.plan(contract(List.of(ColumnSpec.of("id", "int"), ColumnSpec.of("n", "int"),
        ColumnSpec.of("region", "int")), List.of(), DeleteMode.HARD), Optional.of(tableFor(old)), Set.of());
    assertFalse(narrow.compatible());
    assertEquals(2, narrow.problems().size(), narrow.problemText());
    assertTrue(narrow.problemText().contains("'id' is bigint in the curated table but the contract now declares int"));
    assertTrue(narrow.problemText().contains("'region' is string"));

    SchemaPlan newlyProtected = SchemaPlanner.plan(contract(List.of(ColumnSpec.of("id", "bigint"),
        new ColumnSpec("n", "int", Optional.of(Protection.HASH)), ColumnSpec.of("region", "string")), List.of(),
        DeleteMode.HARD), Optional.of(tableFor(old)), Set.of());
    assertFalse(newlyProtected.compatible(), "clear-text ints must not silently become strings");
    assertTrue(newlyProtected.problemText().contains("protected"));
  }

  @Test
  void refusesModeAndPartitioningChangesAndBadUndeclaredNames() {
    TableContract old = contract(BASE, List.of("region"), DeleteMode.HARD);
    SchemaPlan soft = SchemaPlanner.plan(contract(BASE, List.of("region"), DeleteMode.SOFT),
        Optional.of(tableFor(old)), Set.of());
    assertFalse(soft.compatible());
    assertTrue(soft.problemText().contains("deleteMode hard"));

    SchemaPlan repartitioned = SchemaPlanner.plan(contract(BASE, List.of(), DeleteMode.HARD),
        Optional.of(tableFor(old)), Set.of());
    assertFalse(repartitioned.compatible());

    // Undeclared columns that cannot be curated are left out, one by one: they never hold the batch.
    SchemaPlan names = SchemaPlanner.plan(old, Optional.of(tableFor(old)),
        List.of("_deleted", "bad name", "N", "year", "ok_col"));
    assertTrue(names.compatible(), names.problemText());
    assertEquals(4, names.skipped().size(), names.skipped().toString());
    assertTrue(names.skipped().stream().anyMatch(m -> m.contains("'bad name'") && m.contains("plain identifier")),
        names.skipped().toString());
    assertTrue(names.skipped().stream().anyMatch(m -> m.contains("'N'") && m.contains("case")));
    assertTrue(names.dataColumns().stream().anyMatch(c -> c.name().equals("ok_col")));
    assertTrue(names.dataColumns().stream().noneMatch(c -> List.of("_deleted", "bad name", "N", "year")
        .contains(c.name())));
  }

  @Test
  void aKeyNeitherDeclaredNorSentIsAProblem() {
    TableContract keyless = new TableContract("s", "t", List.of("id"), "s_t", List.of(), DeleteMode.HARD,
        HistoryMode.LATEST, false, List.of(), "o", "", "test");
    assertFalse(SchemaPlanner.plan(keyless, Optional.of(tableFor(keyless)), Set.of("name")).compatible());
    SchemaPlan sent = SchemaPlanner.plan(keyless, Optional.of(tableFor(keyless)), Set.of("id", "name"));
    assertTrue(sent.compatible(), sent.problemText());
    assertEquals(List.of("id", "name"), names(sent.dataColumns()));
  }

  @Test
  void typeWideningMatrix() {
    assertTrue(TypeWidening.isSafe(DataTypes.IntegerType, DataTypes.LongType));
    assertTrue(TypeWidening.isSafe(DataTypes.ShortType, DataTypes.IntegerType));
    assertTrue(TypeWidening.isSafe(DataTypes.IntegerType, DataTypes.DoubleType));
    assertTrue(TypeWidening.isSafe(DataTypes.FloatType, DataTypes.DoubleType));
    assertTrue(TypeWidening.isSafe(DataTypes.IntegerType, DataType.fromDDL("decimal(12,2)")));
    assertTrue(TypeWidening.isSafe(DataType.fromDDL("decimal(10,2)"), DataType.fromDDL("decimal(12,4)")));
    assertTrue(TypeWidening.isSafe(DataTypes.DateType, DataTypes.TimestampType));
    assertFalse(TypeWidening.isSafe(DataTypes.LongType, DataTypes.IntegerType));
    assertFalse(TypeWidening.isSafe(DataTypes.LongType, DataTypes.DoubleType));
    assertFalse(TypeWidening.isSafe(DataTypes.LongType, DataType.fromDDL("decimal(12,2)")));
    assertFalse(TypeWidening.isSafe(DataType.fromDDL("decimal(10,2)"), DataType.fromDDL("decimal(10,3)")));
    assertFalse(TypeWidening.isSafe(DataTypes.StringType, DataTypes.IntegerType));
    assertFalse(TypeWidening.isSafe(DataTypes.IntegerType, DataTypes.StringType));
    assertFalse(TypeWidening.isSafe(DataTypes.IntegerType, DataTypes.IntegerType));
  }

}
