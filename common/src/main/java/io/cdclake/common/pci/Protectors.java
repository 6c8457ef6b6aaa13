package io.cdclake.common.pci;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The value-level transformations behind {@link io.cdclake.common.config.Protection}; null stays null. */
public final class Protectors {
  private Protectors() {}

  /**
   * Keyed HMAC-SHA256 as 64 lower-case hex characters, behind the key's id and {@code ':'} when it has one
   * ({@link HashKey}).
   */
  public static final class Hasher implements Serializable {
    private static final long serialVersionUID = 2L;
    private final byte[] key;
    private final String prefix;
    private transient Mac mac;

    public Hasher(HashKey key) {
      this.key = key.bytes();
      this.prefix = key.id().map(id -> id + HashKey.SEPARATOR).orElse("");
    }

    public String hash(String value) {
      if (value == null) {
        return null;
      }
      try {
        if (mac == null) {
          mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(key, "HmacSHA256"));
        }
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder(prefix.length() + digest.length * 2).append(prefix);
        for (byte b : digest) {
          hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
    }
  }

  /** Keeps the last four characters, the PCI-DSS display allowance, and stars out the rest. */
  public static String mask(String value) {
    if (value == null) {
      return null;
    }
    int keep = Math.min(4, value.length() / 4);
    return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
  }
}
