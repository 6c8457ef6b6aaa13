package io.cdclake.ingest.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.cdclake.common.pci.PanScrubber;
import io.cdclake.ingest.source.SourceColumns;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/** Text as it may be stored outside the protected columns: card numbers masked. */
final class PayloadText {
  private static final UserDefinedFunction SCRUB_BYTES = udf(
      (UDF1<byte[], String>) b -> b == null ? null : PanScrubber.scrub(new String(b, StandardCharsets.UTF_8)),
      DataTypes.StringType);
  private static final UserDefinedFunction SCRUB =
      udf((UDF1<String, String>) PanScrubber::scrub, DataTypes.StringType);

  private PayloadText() {}

  /** The source record as text (invalid UTF-8 shown as U+FFFD), card numbers masked. */
  static Column payload() {
    return SCRUB_BYTES.apply(col(SourceColumns.VALUE));
  }

  static Column scrubbed(Column text) {
    return SCRUB.apply(text);
  }
}
