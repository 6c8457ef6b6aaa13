package io.cdclake.common.pci;

import io.cdclake.common.config.ConfigException;
import io.cdclake.common.config.PciConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret used to hash protected columns. It comes from an environment variable (on EMR, populated from
 * Secrets Manager by the step's bootstrap), never from config or code, and is never logged.
 */
public final class HashKey {
  private static final Logger LOG = LoggerFactory.getLogger(HashKey.class);
  private static final int MIN_BYTES = 32;

  private final byte[] key;

  private HashKey(byte[] key) {
    this.key = key;
  }

  public static HashKey of(byte[] key) {
    if (key.length < MIN_BYTES) {
      throw new IllegalArgumentException("PCI hash key must be at least " + MIN_BYTES + " bytes");
    }
    return new HashKey(key.clone());
  }

  public static HashKey resolve(PciConfig pci, Map<String, String> env) {
    String value = env.get(pci.hashKeyEnv());
    if (value != null && !value.isBlank()) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < MIN_BYTES) {
        throw new ConfigException("environment variable " + pci.hashKeyEnv() + " holds a PCI hash key of "
            + bytes.length + " bytes; use at least " + MIN_BYTES + " random bytes", null);
      }
      return new HashKey(bytes);
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
    return new HashKey(random);
  }

  byte[] bytes() {
    return key.clone();
  }

  @Override
  public String toString() {
    return "HashKey(redacted)";
  }
}
