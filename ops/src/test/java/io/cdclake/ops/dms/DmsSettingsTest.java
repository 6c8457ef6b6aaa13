package io.cdclake.ops.dms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.ops.plan.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.databasemigration.model.KinesisSettings;
import software.amazon.awssdk.services.databasemigration.model.MessageFormatValue;

class DmsSettingsTest {
  @Test
  void beforeImageIsEnabledUnderTheFieldNameIngestParses() {
    ObjectNode section = DmsTaskSettings.beforeImage(BeforeImageColumns.PK_ONLY);
    assertTrue(section.get("EnableBeforeImage").asBoolean());
    assertEquals("before-image", section.get("FieldName").asText());
    assertEquals("pk-only", section.get("ColumnFilter").asText());
    assertEquals("all", DmsTaskSettings.beforeImage(BeforeImageColumns.ALL).get("ColumnFilter").asText());
  }

  @Test
  void mergeKeepsEveryOtherSettingAndDoesNotTouchTheInput() {
    ObjectNode current = Json.parseObject("""
        {"Logging":{"EnableLogging":true},"TargetMetadata":{"ParallelApplyThreads":0},
         "BeforeImageSettings":{"EnableBeforeImage":false,"FieldName":"old","ColumnFilter":"all"}}""", "test");
    ObjectNode merged = DmsTaskSettings.merged(current, BeforeImageColumns.PK_ONLY);
    assertTrue(merged.at("/Logging/EnableLogging").asBoolean());
    assertEquals(0, merged.at("/TargetMetadata/ParallelApplyThreads").asInt());
    assertEquals(DmsTaskSettings.beforeImage(BeforeImageColumns.PK_ONLY), merged.get("BeforeImageSettings"));
    assertEquals("old", current.at("/BeforeImageSettings/FieldName").asText());
    assertEquals(DmsTaskSettings.beforeImage(BeforeImageColumns.ALL),
        DmsTaskSettings.merged(null, BeforeImageColumns.ALL).get("BeforeImageSettings"));
  }

  @Test
  void beforeImageFilterParsesDmsSpelling() {
    assertEquals(BeforeImageColumns.PK_ONLY, BeforeImageColumns.parse("PK-only"));
    assertThrows(IllegalArgumentException.class, () -> BeforeImageColumns.parse("non-lob"));
  }

  @Test
  void kinesisTargetKeepsStreamAndRoleAndEnforcesMessageShape() {
    KinesisSettings current = KinesisSettings.builder()
        .streamArn("arn:aws:kinesis:eu-west-1:111122223333:stream/dms-cdc")
        .serviceAccessRoleArn("arn:aws:iam::111122223333:role/dms-kinesis")
        .messageFormat(MessageFormatValue.JSON)
        .includeTransactionDetails(false)
        .noHexPrefix(true)
        .build();
    KinesisSettings desired = DmsKinesisTarget.desired(current);
    assertEquals(current.streamArn(), desired.streamArn());
    assertEquals(current.serviceAccessRoleArn(), desired.serviceAccessRoleArn());
    assertEquals(Boolean.TRUE, desired.noHexPrefix(), "settings provisioning does not own are kept");
    assertEquals(MessageFormatValue.JSON_UNFORMATTED, desired.messageFormat());
    assertEquals(Boolean.TRUE, desired.includeTransactionDetails());
    assertEquals(Boolean.TRUE, desired.includeControlDetails());
    assertEquals(Boolean.TRUE, desired.includeTableAlterOperations());
    assertEquals(Boolean.TRUE, desired.includePartitionValue());
    assertEquals(Boolean.TRUE, desired.partitionIncludeSchemaTable());
    assertEquals(Boolean.TRUE, desired.includeNullAndEmpty());
    assertEquals("json-unformatted", DmsKinesisTarget.view(desired).get("MessageFormat").asText());
    assertFalse(DmsKinesisTarget.view(current).equals(DmsKinesisTarget.view(desired)));
    assertEquals(DmsKinesisTarget.view(desired), DmsKinesisTarget.view(DmsKinesisTarget.desired(desired)),
        "applying twice changes nothing more");
  }
}
