package io.cdclake.common.pci;

import io.cdclake.common.config.ConfigException;
import io.cdclake.common.config.PciConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret used to hash protected columns. It comes from an environment variable (on EMR, populated from
 * Secrets Manager by the step's bootstrap), never from config or code, and is never logged.
 *
 * <p>The variable holds {@code <key id>:<base64 of the secret>} (for example
 * {@code pan-2026-12:} followed by {@code openssl rand -base64 32}). Every hash is then written as
 * {@code <key id>:<64 hex digits>}, so after a rotation each stored hash says which key made it: hashes of different
 * keys never match, and a join across a rotation shows why instead of silently finding nothing (docs/operations.md,
 * "The PCI hash key: format, strength, rotation"). A value without a key id is the format of earlier releases, still accepted with a
 * warning, its text's bytes the secret and its hashes bare hex, so existing joins keep working until the first
 * rotation.
 *
 * <p>Strength is counted in the secret's bytes, after decoding, never in characters: at least 32, and at least 16
 * distinct byte values (32 random bytes have about 30; a repeated or patterned text does not).
 */
public final class HashKey {
  private static final Logger LOG = LoggerFactory.getLogger(HashKey.class);
  private static final int MIN_BYTES = 32;
  private static final int MIN_DISTINCT_BYTES = 16;
  /** A key id: short, printable, and never containing the separator. */
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
  static final char SEPARATOR = ':';

  private final byte[] key;
  private final String id;

  private HashKey(byte[] key, String id) {
    this.key = key;
    this.id = id;
  }

  /** A key without an id (hashes are bare hex): tests, and values in the earlier format. */
  public static HashKey of(byte[] key) {
    if (key.length < MIN_BYTES) {
      throw new IllegalArgumentException("PCI hash key must be at least " + MIN_BYTES + " bytes");
    }
    return new HashKey(key.clone(), null);
  }

  public static HashKey resolve(PciConfig pci, Map<String, String> env) {
    String value = env.get(pci.hashKeyEnv());
    if (value != null && !value.isBlank()) {
      HashKey key = parse(value.strip(), "environment variable " + pci.hashKeyEnv());
      if (key.id().isPresent()) {
        LOG.info("PCI hash key id {}: protected columns are hashed as {}{}<HMAC-SHA256 hex>", key.id, key.id,
            SEPARATOR);
      } else {
        LOG.warn("{} holds a PCI hash key without a key id: hashes carry no mark of the key that made them, so a"
            + " rotation cannot be told apart; store '<key id>:<base64 secret>' at the next rotation"
            + " (docs/operations.md)", pci.hashKeyEnv());
      }
      return key;
    }
    if (!pci.allowEphemeralKey()) {
      throw new ConfigException("environment variable " + pci.hashKeyEnv() + " is not set: it must hold the PCI"
          + " hash key (from Secrets Manager) before any job that writes protected columns starts", null);
    }
    LOG.warn("{} is not set: hashing protected columns with a random key for this process only;"
        + " hashes will not match those of other runs (acceptable for local runs, never in production)",
        pci.hashKeyEnv());
    byte[] random = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(random);
    return new HashKey(random, "ephemeral");
  }

  /**
   * {@code <key id>:<base64 secret>}, or a bare secret text (the earlier format). {@code where} names the value in
   * errors; the value itself never appears in one.
   */
  static HashKey parse(String value, String where) {
    int sep = value.indexOf(SEPARATOR);
    String id = sep < 0 ? null : value.substring(0, sep);
    byte[] secret;
    if (id == null) {
      secret = value.getBytes(StandardCharsets.UTF_8);
    } else {
      if (!KEY_ID.matcher(id).matches()) {
        throw new ConfigException(where + " holds a PCI hash key whose key id (before the ':') is not 1-32 letters,"
            + " digits, '.', '_' or '-'; expected '<key id>:<base64 secret>'", null);
      }
      secret = decodeBase64(value.substring(sep + 1));
      if (secret == null) {
        throw new ConfigException(where + " holds a PCI hash key '" + id + ":...' whose secret is not base64;"
            + " generate one with 'openssl rand -base64 32'", null);
      }
    }
    if (secret.length < MIN_BYTES) {
      throw new ConfigException(where + " holds a PCI hash key of " + secret.length + " bytes"
          + (id == null ? "" : " (after base64 decoding)") + "; use at least " + MIN_BYTES + " random bytes", null);
    }
    long distinct = distinctBytes(secret);
    if (distinct < MIN_DISTINCT_BYTES) {
      throw new ConfigException(where + " holds a PCI hash key of only " + distinct + " distinct byte values, which"
          + " random bytes never have; generate one with 'openssl rand -base64 32'", null);
    }
    return new HashKey(secret, id);
  }

  private static byte[] decodeBase64(String text) {
    for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getDecoder(), Base64.getUrlDecoder()}) {
      try {
        return decoder.decode(text);
      } catch (IllegalArgumentException e) {
        // try the next alphabet
      }
    }
    return null;
  }

  private static long distinctBytes(byte[] bytes) {
    boolean[] seen = new boolean[256];
    long n = 0;
    for (byte b : bytes) {
      if (!seen[b & 0xff]) {
        seen[b & 0xff] = true;
        n++;
      }
    }
    return n;
  }

  /** The key id written in front of every hash, when the key has one. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  byte[] bytes() {
    return key.clone();
  }

  @Override
  public String toString() {
    return "HashKey(" + (id == null ? "no id" : "id " + id) + ", secret redacted)";
  }
}
