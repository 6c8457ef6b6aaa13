package io.cdclake.app.jar;

import java.util.List;

/**
 * Packages that EMR 7.x already puts on the driver's and executors' classpath (Spark and its Scala, Hadoop, Delta,
 * Jackson, netty, the AWS SDK v2 bundle and the libraries those bring). A class of one of them inside the
 * application jar is a second copy: which one loads depends on classpath order, so it is either provided or
 * relocated under {@link #RELOCATED}.
 */
final class EmrClasspath {
  /** Where the application jar's relocations put what it must ship itself. */
  static final String RELOCATED = "io/cdclake/shaded/";

  static final List<String> PACKAGES = List.of(
      "scala/",
      "org/apache/spark/",
      "org/apache/hadoop/",
      "io/delta/",
      "com/fasterxml/jackson/",
      "io/netty/",
      "software/amazon/awssdk/",
      "software/amazon/eventstream/",
      "com/amazonaws/",
      "org/apache/http/",
      "org/apache/commons/",
      "org/apache/logging/log4j/",
      "org/apache/log4j/",
      "org/slf4j/",
      "com/google/common/",
      "com/google/protobuf/",
      "org/apache/parquet/",
      "org/apache/avro/",
      "org/apache/orc/",
      "org/apache/hive/",
      "org/apache/hadoop/hive/",
      "org/json4s/",
      "org/joda/time/",
      "org/reactivestreams/",
      "org/yaml/snakeyaml/",
      "org/antlr/");

  private EmrClasspath() {}
}
