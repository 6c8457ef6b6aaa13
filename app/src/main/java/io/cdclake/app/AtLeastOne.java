package io.cdclake.app;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A whole number of at least 1 (tables at a time, days back); picocli names the option in front of the message. */
final class AtLeastOne implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, as a value below 1 is
    }
    throw new TypeConversionException("'" + value + "' is not a whole number of at least 1");
  }
}
