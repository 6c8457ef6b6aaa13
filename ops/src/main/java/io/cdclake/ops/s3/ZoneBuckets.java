package io.cdclake.ops.s3;

import io.cdclake.common.config.Zones;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** The S3 buckets the lake's zones live in. Zones outside S3 (a local run) have none. */
public final class ZoneBuckets {
  private ZoneBuckets() {}

  public static TreeSet<String> of(Zones zones) {
    TreeSet<String> buckets = new TreeSet<>();
    for (String location : List.of(zones.raw(), zones.curated(), zones.quarantine(), zones.checkpoints())) {
      bucket(location).ifPresent(buckets::add);
    }
    return buckets;
  }

  /** The bucket of an {@code s3://}, {@code s3a://} or {@code s3n://} location. */
  public static Optional<String> bucket(String location) {
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme();
    if (scheme == null || !List.of("s3", "s3a", "s3n").contains(scheme.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    String host = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    return Optional.ofNullable(host).filter(h -> !h.isBlank());
  }

  /** Athena and Glue want {@code s3://}; Hadoop paths may say {@code s3a://}. */
  public static String athenaLocation(String location) {
    return location.replaceFirst("^s3[an]://", "s3://");
  }
}
