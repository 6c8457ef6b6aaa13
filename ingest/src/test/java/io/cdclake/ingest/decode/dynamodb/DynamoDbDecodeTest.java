package io.cdclake.ingest.decode.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.config.Protection;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.config.SourceOptions;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.pci.ColumnProtection;
import io.cdclake.common.pci.HashKey;
import io.cdclake.ingest.decode.DecodedRecord;
import io.cdclake.ingest.decode.QuarantineReason;
import io.cdclake.ingest.decode.RecordDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Kinesis Data Streams for DynamoDB records through the decoder, in plain Java: every attribute type unmarshalled
 * losslessly, the three event names, the creation time at both precisions, TTL deletes, and each malformed shape
 * quarantined with its reason.
 */
class DynamoDbDecodeTest {
  private static final HashKey KEY = HashKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private static final TableContract ORDERS = new TableContract("dynamodb", "orders", List.of("pk", "sk"),
      "dynamodb_orders", List.of(), DeleteMode.HARD, HistoryMode.LATEST, false,
      List.of(ColumnSpec.of("pk", "string"), ColumnSpec.of("sk", "string"),
          new ColumnSpec("card_number", "string", Optional.of(Protection.HASH))),
      "team", "", "orders.json").withSource(new SourceOptions(SourceDatabase.DYNAMODB, false, null));
  private static final RecordDecoder DECODER = new RecordDecoder(List.of(ORDERS),
      new ColumnProtection(KEY, List.of(ORDERS)));

  private static DecodedRecord decode(String json) {
    return DECODER.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String record(String eventName, String dynamodb) {
    return """
        {"awsRegion":"eu-west-1","eventID":"4b7d6c1e-1f0a-4d6b-9c59-2d4f7a0e8c11","eventName":"%s",
         "userIdentity":null,"recordFormat":"application/json","tableName":"orders",
         "dynamodb":%s,"eventSource":"aws:dynamodb"}""".formatted(eventName, dynamodb);
  }

  private static String insert(String newImage) {
    return record("INSERT", """
        {"ApproximateCreationDateTime":1716334587325367,"ApproximateCreationDateTimePrecision":"MICROSECOND",
         "Keys":{"pk":{"S":"c#1"},"sk":{"S":"o#7"}},"NewImage":%s,"SizeBytes":212}""".formatted(newImage));
  }

  @Test
  void everyAttributeTypeIsKeptAsExactText() {
    DecodedRecord r = decode(insert("""
        {"pk":{"S":"c#1"},"sk":{"S":"o#7"},
         "amount":{"N":"12345678901234567890123456789.012345678"},"small":{"N":"-1E-130"},
         "photo":{"B":"iVBORw0KGgo="},"paid":{"BOOL":true},"note":{"NULL":true},
         "address":{"M":{"city":{"S":"Lyon"},"zip":{"N":"69001"},"geo":{"L":[{"N":"45.75"},{"N":"4.85"}]},
                         "gone":{"NULL":true},"ok":{"BOOL":false}}},
         "lines":{"L":[{"M":{"sku":{"S":"A-1"},"qty":{"N":"2"}}},{"S":"gift"}]},
         "tags":{"SS":["new","vip"]},"scores":{"NS":["1","2.50","-3e2"]},"blobs":{"BS":["AAE=","AgM="]}}"""));
    assertEquals(DecodedRecord.Kind.DATA, r.kind(), String.valueOf(r.detail()));
    Map<String, String> d = r.data();
    assertEquals("c#1", d.get("pk"));
    assertEquals("12345678901234567890123456789.012345678", d.get("amount"), "a number digit for digit");
    assertEquals("-1E-130", d.get("small"));
    assertEquals("iVBORw0KGgo=", d.get("photo"), "binary as the base64 DynamoDB sends");
    assertEquals("true", d.get("paid"));
    assertTrue(d.containsKey("note"));
    assertNull(d.get("note"), "NULL is null");
    assertEquals("{\"city\":\"Lyon\",\"zip\":69001,\"geo\":[45.75,4.85],\"gone\":null,\"ok\":false}",
        d.get("address"), "a map as plain JSON, numbers as numbers");
    assertEquals("[{\"sku\":\"A-1\",\"qty\":2},\"gift\"]", d.get("lines"));
    assertEquals("[\"new\",\"vip\"]", d.get("tags"));
    assertEquals("[1,2.50,-3e2]", d.get("scores"), "number sets keep each number's text");
    assertEquals("[\"AAE=\",\"AgM=\"]", d.get("blobs"));
  }

  @Test
  void theEnvelopeBecomesTheRawZonesFields() {
    DecodedRecord r = decode(insert("{\"pk\":{\"S\":\"c#1\"},\"sk\":{\"S\":\"o#7\"}}"));
    assertEquals("data", r.recordType());
    assertEquals("insert", r.operation());
    assertEquals("dynamodb", r.schemaName());
    assertEquals("orders", r.tableName());
    assertEquals("dynamodb.orders", r.sourceId());
    assertEquals(1716334587325367L, r.commitTimestampMicros(), "MICROSECOND precision: the value is microseconds");
    assertEquals(1716334587325367L, r.dmsTimestampMicros());
    assertEquals("4b7d6c1e-1f0a-4d6b-9c59-2d4f7a0e8c11", r.transactionId(), "the event id identifies the change");
    assertEquals("eu-west-1", r.metadata().get("awsRegion"));
    assertEquals("212", r.metadata().get("SizeBytes"));
    assertEquals("dynamodb", r.metadata().get(DynamoDbChange.SOURCE_DATABASE));
  }

  @Test
  void millisecondPrecisionAndAnAbsentPrecisionAreMilliseconds() {
    String ms = record("INSERT", """
        {"ApproximateCreationDateTime":1716334587325,%s"Keys":{"pk":{"S":"a"},"sk":{"S":"b"}},
         "NewImage":{"pk":{"S":"a"},"sk":{"S":"b"}}}""");
    assertEquals(1716334587325000L,
        decode(ms.formatted("\"ApproximateCreationDateTimePrecision\":\"MILLISECOND\",")).commitTimestampMicros());
    assertEquals(1716334587325000L, decode(ms.formatted("")).commitTimestampMicros());
  }

  @Test
  void modifyKeepsTheOldImageAsBeforeImageAndRemoveCarriesKeysAndOldImage() {
    DecodedRecord modify = decode(record("MODIFY", """
        {"ApproximateCreationDateTime":1716334587325367,"ApproximateCreationDateTimePrecision":"MICROSECOND",
         "Keys":{"pk":{"S":"a"},"sk":{"S":"b"}},
         "NewImage":{"pk":{"S":"a"},"sk":{"S":"b"},"status":{"S":"paid"}},
         "OldImage":{"pk":{"S":"a"},"sk":{"S":"b"},"status":{"S":"open"}}}"""));
    assertEquals("update", modify.operation());
    assertEquals("paid", modify.data().get("status"));
    assertEquals("open", modify.beforeImage().get("status"));

    DecodedRecord remove = decode(record("REMOVE", """
        {"ApproximateCreationDateTime":1716334587325367,"ApproximateCreationDateTimePrecision":"MICROSECOND",
         "Keys":{"pk":{"S":"a"},"sk":{"S":"b"}},"OldImage":{"pk":{"S":"a"},"sk":{"S":"b"},"status":{"S":"paid"}}}"""));
    assertEquals("delete", remove.operation());
    assertEquals(Map.of("pk", "a", "sk", "b", "status", "paid"), remove.data());
    assertNull(remove.metadata().get(DynamoDbChange.TTL_DELETE), "a user's delete is no TTL delete");

    DecodedRecord keysOnly = decode(record("REMOVE", """
        {"ApproximateCreationDateTime":1716334587325,"Keys":{"pk":{"S":"a"},"sk":{"S":"b"}}}"""));
    assertEquals(Map.of("pk", "a", "sk", "b"), keysOnly.data());
  }

  @Test
  void aTimeToLiveDeleteIsMarked() {
    String ttl = """
        {"awsRegion":"eu-west-1","eventID":"e1","eventName":"REMOVE",
         "userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"},"tableName":"orders",
         "dynamodb":{"ApproximateCreationDateTime":1716334587325,"Keys":{"pk":{"S":"a"},"sk":{"S":"b"}}},
         "eventSource":"aws:dynamodb"}""";
    DecodedRecord r = decode(ttl);
    assertEquals(DecodedRecord.Kind.DATA, r.kind(), String.valueOf(r.detail()));
    assertEquals("true", r.metadata().get(DynamoDbChange.TTL_DELETE));
  }

  @Test
  void cardDataIsProtectedByTheContractAndScrubbedElsewhere() {
    DecodedRecord r = decode(insert("""
        {"pk":{"S":"c#1"},"sk":{"S":"o#7"},"card_number":{"S":"4111111111111111"},
         "memo":{"M":{"text":{"S":"paid with 5500 0055 5555 5559"}}}}"""));
    assertEquals(64, r.data().get("card_number").length(), "declared hash: 64 hex characters");
    assertTrue(!r.data().get("memo").contains("5500 0055 5555 5559"), r.data().get("memo"));
  }

  @Test
  void aTableWithoutContractIsUnconfigured() {
    DecodedRecord r = decode(insert("{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"b\"}}").replace("\"orders\"", "\"carts\""));
    assertEquals(QuarantineReason.UNCONFIGURED_TABLE, r.reason());
    assertTrue(r.detail().contains("dynamodb.carts"), r.detail());
  }

  @Test
  void malformedDynamoDbRecordsAreQuarantinedWithTheirReason() {
    String good = insert("{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"b\"}}");
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put(good.replace("\"INSERT\"", "\"UPSERT\""), "eventName is not INSERT, MODIFY or REMOVE");
    cases.put(good.replace("\"tableName\":\"orders\",", ""), "tableName is missing");
    cases.put(good.replace("\"eventID\":\"4b7d6c1e-1f0a-4d6b-9c59-2d4f7a0e8c11\",", ""), "eventID is missing");
    cases.put(good.replace("1716334587325367", "\"yesterday\""), "ApproximateCreationDateTime");
    cases.put(good.replace("1716334587325367", "99999999999999999999"), "ApproximateCreationDateTime");
    cases.put(good.replace("1716334587325367", "1716334587.5"), "ApproximateCreationDateTime");
    cases.put(good.replace("\"MICROSECOND\"", "\"SECOND\""), "Precision is not");
    cases.put(good.replace("{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"b\"}}", "{\"pk\":{\"N\":\"12abc\"}}"),
        "attribute 'pk' is an N whose value is not a number");
    cases.put(good.replace("{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"b\"}}", "{\"pk\":{\"S\":\"a\",\"N\":\"1\"}}"),
        "attribute 'pk' is not a DynamoDB attribute value");
    cases.put(good.replace("{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"b\"}}", "{\"pk\":{\"X\":\"a\"}}"),
        "which is not a DynamoDB type");
    cases.put(good.replace("{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"b\"}}", "{\"a\":{\"M\":{\"b\":{\"L\":[{\"Q\":1}]}}}}"),
        "attribute 'a.b[0]'");
    cases.put(good.replace(",\"NewImage\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"b\"}}", ""), "without dynamodb.NewImage");
    cases.put(good.replace("\"Keys\":{\"pk\":{\"S\":\"c#1\"},\"sk\":{\"S\":\"o#7\"}}", "\"Keys\":{}"), "Keys is empty");
    cases.put(good.replace("\"aws:dynamodb\"", "\"aws:kinesis\""), "eventSource is not 'aws:dynamodb'");
    cases.put(good.replace(",\"eventSource\":\"aws:dynamodb\"", ",\"eventSource\":\"aws:dynamodb\",\"metadata\":{}"),
        "both a DMS 'metadata' object and a DynamoDB");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      DecodedRecord r = decode(c.getKey());
      assertEquals(QuarantineReason.UNKNOWN_SHAPE, r.reason(), c.getValue() + ": " + r.detail());
      assertTrue(r.detail().contains(c.getValue()), "expected '" + c.getValue() + "' in: " + r.detail());
    }
    DecodedRecord twice = decode(good.replace("\"SizeBytes\":212", "\"SizeBytes\":212,\"SizeBytes\":213"));
    assertEquals(QuarantineReason.DUPLICATE_KEY, twice.reason(), "a key twice inside 'dynamodb': " + twice.detail());
  }
}
