package io.cdclake.ingest.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.cdclake.common.pci.PanScrubber;
import io.cdclake.ingest.source.SourceColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/** The original record text as it may be stored outside the raw zone's columns: card numbers masked. */
final class PayloadText {
  private static final UserDefinedFunction SCRUB =
      udf((UDF1<String, String>) PanScrubber::scrub, DataTypes.StringType);

  private PayloadText() {}

  static Column scrubbed() {
    return SCRUB.apply(col(SourceColumns.VALUE));
  }
}
