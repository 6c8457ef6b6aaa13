package io.cdclake.ingest.decode.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.common.config.SourceDatabase;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.RecordType;
import io.cdclake.common.pci.PanScrubber;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one change record of Kinesis Data Streams for DynamoDB into the fields the raw zone stores, in the same
 * shape as a DMS record's: INSERT, MODIFY and REMOVE become insert, update and delete; the row image is the new
 * image (for a REMOVE, the keys with the old image when the stream has it), the before-image the old image; the
 * source time is {@code ApproximateCreationDateTime} at its declared precision. Every top-level field and the
 * record's own bookkeeping ({@code SizeBytes}, the precision) are kept in the metadata map under their AWS names.
 *
 * <p>Ordering and identity, stated here because curate relies on them: DynamoDB can deliver a change twice and out
 * of item order. A change is identified by its {@code eventID} (a duplicate carries the same one) and ordered by
 * its creation time; curate orders changes with the same creation time by their event id (see docs/sources.md).
 */
public final class DynamoDbChange {
  /** {@code eventSource} of every DynamoDB change record. */
  public static final String EVENT_SOURCE = "aws:dynamodb";
  /** The metadata key marking a delete made by the table's time to live. */
  public static final String TTL_DELETE = io.cdclake.common.raw.RawView.TTL_DELETE;
  /** The metadata key naming the source database of a record that is not a DMS one. */
  public static final String SOURCE_DATABASE = "source-database";

  /** Creation times from year 1 to 9999, what Spark and Parquet can hold, in microseconds. */
  private static final long MIN_MICROS = -62_135_596_800_000_000L;
  private static final long MAX_MICROS = 253_402_300_799_999_999L;

  /** What decoding a DynamoDB record gives: its fields, or why it cannot be read. */
  public record Decoded(String problem, String operation, String table, long creationMicros, String eventId,
      Map<String, String> metadata, Map<String, String> data, Map<String, String> before) {

    static Decoded problem(String why) {
      return new Decoded(PanScrubber.scrub(why), null, null, 0, null, null, null, null);
    }

    public String schema() {
      return SourceDatabase.DYNAMODB_SCHEMA;
    }

    public String recordType() {
      return RecordType.DATA.wireName();
    }
  }

  private DynamoDbChange() {}

  /**
   * @param top      the record's top-level fields other than {@code dynamodb}, as text (nested ones as JSON)
   * @param dynamodb the {@code dynamodb} object, or null when the record has none
   */
  public static Decoded decode(Map<String, String> top, JsonNode dynamodb) {
    try {
      return read(top, dynamodb);
    } catch (AttributeValues.NotAnAttributeValue e) {
      return Decoded.problem(e.getMessage());
    }
  }

  private static Decoded read(Map<String, String> top, JsonNode ddb) {
    if (!EVENT_SOURCE.equals(top.get("eventSource"))) {
      return Decoded.problem("a 'dynamodb' object, but eventSource is not '" + EVENT_SOURCE + "'");
    }
    if (ddb == null || !ddb.isObject()) {
      return Decoded.problem("eventSource is '" + EVENT_SOURCE + "' but the 'dynamodb' object is missing");
    }
    String eventName = top.get("eventName");
    DmsOperation op = eventName == null ? null : switch (eventName) {
      case "INSERT" -> DmsOperation.INSERT;
      case "MODIFY" -> DmsOperation.UPDATE;
      case "REMOVE" -> DmsOperation.DELETE;
      default -> null;
    };
    if (op == null) {
      return Decoded.problem("eventName is " + (eventName == null ? "missing" : "not INSERT, MODIFY or REMOVE"));
    }
    String table = top.get("tableName");
    if (table == null || table.isBlank()) {
      return Decoded.problem("tableName is missing");
    }
    String eventId = top.get("eventID");
    if (eventId == null || eventId.isBlank()) {
      return Decoded.problem("eventID is missing (it identifies a change, so a duplicate can be recognised)");
    }
    String precision = ddb.path("ApproximateCreationDateTimePrecision").asText("MILLISECOND");
    if (!precision.equals("MILLISECOND") && !precision.equals("MICROSECOND")) {
      return Decoded.problem("dynamodb.ApproximateCreationDateTimePrecision is not MILLISECOND or MICROSECOND");
    }
    Long micros = creationMicros(ddb.get("ApproximateCreationDateTime"), precision.equals("MICROSECOND"));
    if (micros == null) {
      return Decoded.problem("dynamodb.ApproximateCreationDateTime is missing, not a whole number of "
          + precision.toLowerCase(java.util.Locale.ROOT) + "s since the epoch, or not in years 0001 to 9999");
    }
    Map<String, String> keys = AttributeValues.image(ddb.get("Keys"), "dynamodb.Keys");
    if (keys.isEmpty()) {
      return Decoded.problem("dynamodb.Keys is empty");
    }
    Map<String, String> newImage = ddb.hasNonNull("NewImage")
        ? AttributeValues.image(ddb.get("NewImage"), "dynamodb.NewImage") : null;
    Map<String, String> oldImage = ddb.hasNonNull("OldImage")
        ? AttributeValues.image(ddb.get("OldImage"), "dynamodb.OldImage") : null;
    Map<String, String> data;
    if (op == DmsOperation.DELETE) {
      data = new LinkedHashMap<>(oldImage == null ? Map.of() : oldImage);
      data.putAll(keys);
    } else if (newImage == null) {
      // A keys-only stream: applying keys alone would null every other column of the row.
      return Decoded.problem("an " + eventName + " without dynamodb.NewImage (the stream sends keys only?)");
    } else {
      data = newImage;
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(SOURCE_DATABASE, SourceDatabase.DYNAMODB.name().toLowerCase(java.util.Locale.ROOT));
    top.forEach((k, v) -> metadata.put(PanScrubber.scrub(k), PanScrubber.scrub(v)));
    metadata.put("ApproximateCreationDateTime", ddb.get("ApproximateCreationDateTime").asText());
    metadata.put("ApproximateCreationDateTimePrecision", precision);
    if (ddb.has("SizeBytes")) {
      metadata.put("SizeBytes", ddb.get("SizeBytes").asText());
    }
    if (op == DmsOperation.DELETE && isTimeToLive(top.get("userIdentity"))) {
      metadata.put(TTL_DELETE, "true");
    }
    return new Decoded(null, op.wireName(), table, micros, eventId, metadata, data,
        op == DmsOperation.UPDATE ? oldImage : null);
  }

  /** A TTL delete: made by the DynamoDB service itself, not by a principal of the account. */
  static boolean isTimeToLive(String userIdentity) {
    if (userIdentity == null) {
      return false;
    }
    String compact = userIdentity.replace(" ", "");
    return compact.contains("\"type\":\"Service\"") && compact.contains("\"principalId\":\"dynamodb.amazonaws.com\"");
  }

  private static Long creationMicros(JsonNode value, boolean micro) {
    if (value == null || !value.isNumber()) {
      return null;
    }
    BigDecimal number = value.decimalValue();
    BigInteger whole;
    try {
      whole = number.toBigIntegerExact();
    } catch (ArithmeticException e) {
      return null;
    }
    BigInteger us = micro ? whole : whole.multiply(BigInteger.valueOf(1000));
    if (us.compareTo(BigInteger.valueOf(MIN_MICROS)) < 0 || us.compareTo(BigInteger.valueOf(MAX_MICROS)) > 0) {
      return null;
    }
    return us.longValueExact();
  }
}
