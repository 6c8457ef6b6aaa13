package io.cdclake.catalog.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.catalog.CatalogException;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HiveTypesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "boolean|boolean",
      "tinyint|tinyint",
      "smallint|smallint",
      "int|int",
      "bigint|bigint",
      "float|float",
      "double|double",
      "decimal(12,2)|decimal(12,2)",
      "decimal(38,18)|decimal(38,18)",
      "decimal(5,0)|decimal(5,0)",
      "string|string",
      "binary|binary",
      "date|date",
      "timestamp|timestamp",
      "timestamp_ntz|timestamp",
      "array<bigint>|array<bigint>",
      "map<string,decimal(10,4)>|map<string,decimal(10,4)>",
      "array<map<string,array<date>>>|array<map<string,array<date>>>",
      "struct<Street:string,Zip:int>|struct<street:string,zip:int>",
      "struct<a:struct<b:array<struct<c:binary>>>>|struct<a:struct<b:array<struct<c:binary>>>>",
      "map<string,string>|map<string,string>",
  })
  void mapsSparkTypesToHiveTypes(String sparkDdl, String hive) {
    assertEquals(hive, HiveTypes.of(DataType.fromDDL(sparkDdl), "t.c", false));
  }

  @Test
  void quotesStructFieldNamesForDdlText() {
    DataType type = DataType.fromDDL("array<struct<_seq:bigint,Status:string>>");
    assertEquals("array<struct<`_seq`:bigint,`status`:string>>", HiveTypes.of(type, "t.c", true));
    assertEquals("array<struct<_seq:bigint,status:string>>", HiveTypes.of(type, "t.c", false));
  }

  @Test
  void restoresDeclaredCharAndVarcharLengthsFromColumnMetadata() {
    // Spark stores char/varchar as string and keeps the declaration in the field metadata, which Delta logs.
    Metadata varchar = new MetadataBuilder().putString(HiveTypes.CHAR_VARCHAR_METADATA_KEY, "varchar(40)").build();
    Metadata chr = new MetadataBuilder().putString(HiveTypes.CHAR_VARCHAR_METADATA_KEY, "char(2)").build();
    assertEquals("varchar(40)",
        HiveTypes.of(new StructField("email", DataTypes.StringType, true, varchar), "t.email", false));
    assertEquals("char(2)", HiveTypes.of(new StructField("cc", DataTypes.StringType, true, chr), "t.cc", false));
    assertEquals("string",
        HiveTypes.of(new StructField("s", DataTypes.StringType, true, Metadata.empty()), "t.s", false));
  }

  @Test
  void refusesTypesAthenaCannotReadAndNamesTheColumn() {
    CatalogException e = assertThrows(CatalogException.class,
        () -> HiveTypes.of(DataTypes.createArrayType(DataTypes.CalendarIntervalType), "payments.waits", false));
    assertTrue(e.getMessage().contains("payments.waits[]"), e.getMessage());
    assertTrue(e.getMessage().contains("interval"), e.getMessage());
  }

  @Test
  void refusesStructFieldNamesAthenaCannotQuery() {
    StructType type = new StructType().add("amount$usd", DataTypes.LongType);
    CatalogException e = assertThrows(CatalogException.class, () -> HiveTypes.of(type, "t.money", false));
    assertTrue(e.getMessage().contains("amount$usd"), e.getMessage());
    assertTrue(e.getMessage().contains("field t.money.amount$usd"), e.getMessage());
  }

  @Test
  void refusesStructFieldsThatCollideOnceLowerCased() {
    StructType type = new StructType().add("Id", DataTypes.LongType).add("id", DataTypes.LongType);
    CatalogException e = assertThrows(CatalogException.class, () -> HiveTypes.of(type, "t.s", false));
    assertTrue(e.getMessage().contains("'id'"), e.getMessage());
  }
}
