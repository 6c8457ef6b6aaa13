package io.cdclake.ingest.decode;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode$;
import org.apache.spark.sql.types.DataType;
import scala.Option;

/**
 * {@code try_cast}: null when the text is not a value of the type, whatever {@code spark.sql.ansi.enabled} says.
 * The decoder tells a bad value from an absent one by comparing input and output, so a cast must never throw
 * (ANSI) and never be lenient by accident.
 */
final class Casts {
  private Casts() {}

  static Column tryCast(Column value, DataType type) {
    return new Column(new Cast(value.expr(), type, Option.empty(), EvalMode$.MODULE$.TRY()));
  }
}
