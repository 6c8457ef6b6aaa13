package io.cdclake.common.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.ConfigException;
import io.cdclake.common.config.PciConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PCI hash key as the environment holds it: its id, its strength, and the hashes it makes. */
class HashKeyTest {
  private static final PciConfig PCI = new PciConfig("CDC_PCI_HASH_KEY", false);
  private static final byte[] RANDOM = new byte[32];

  static {
    new java.util.Random(5).nextBytes(RANDOM);
  }

  private static HashKey resolve(String value) {
    return HashKey.resolve(PCI, Map.of("CDC_PCI_HASH_KEY", value));
  }

  private static String refusal(String value) {
    ConfigException e = assertThrows(ConfigException.class, () -> resolve(value));
    assertTrue(e.getMessage().contains("CDC_PCI_HASH_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains(value.substring(value.indexOf(':') + 1)), "the secret is never in an error");
    return e.getMessage();
  }

  @Test
  void aKeyWithAnIdMarksEveryHashWithIt() {
    HashKey key = resolve("pan-2026-12:" + Base64.getEncoder().encodeToString(RANDOM));
    assertEquals(Optional.of("pan-2026-12"), key.id());
    String hash = new Protectors.Hasher(key).hash("4111111111111111");
    assertTrue(hash.matches("pan-2026-12:[0-9a-f]{64}"), hash);
    assertEquals(new Protectors.Hasher(HashKey.of(RANDOM)).hash("4111111111111111"),
        hash.substring("pan-2026-12:".length()), "the HMAC of the decoded secret, behind its id");
    assertFalse(key.toString().contains(Base64.getEncoder().encodeToString(RANDOM)));
  }

  @Test
  void aRotatedKeyIsToldApartByItsId() {
    byte[] next = RANDOM.clone();
    next[0]++;
    String before = new Protectors.Hasher(resolve("k1:" + Base64.getEncoder().encodeToString(RANDOM))).hash("x");
    String after = new Protectors.Hasher(resolve("k2:" + Base64.getUrlEncoder().encodeToString(next))).hash("x");
    assertNotEquals(before, after);
    assertTrue(before.startsWith("k1:") && after.startsWith("k2:"), before + " / " + after);
  }

  @Test
  void aValueWithoutAnIdIsTheEarlierFormatAndHashesStayBareHex() {
    String legacy = "0123456789abcdef0123456789abcdef";
    HashKey key = resolve(legacy);
    assertEquals(Optional.empty(), key.id());
    assertEquals(new Protectors.Hasher(HashKey.of(legacy.getBytes(StandardCharsets.UTF_8))).hash("x"),
        new Protectors.Hasher(key).hash("x"), "existing hashes keep matching until the first rotation");
    assertTrue(new Protectors.Hasher(key).hash("x").matches("[0-9a-f]{64}"));
  }

  @Test
  void strengthIsCountedInDecodedBytesNotCharacters() {
    assertTrue(refusal("k1:" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(RANDOM, 24)))
        .contains("24 bytes (after base64 decoding)"), "32 characters of base64 hold only 24 bytes");
    assertTrue(refusal("k1:" + Base64.getEncoder().encodeToString(new byte[32])).contains("1 distinct byte values"),
        "32 zero bytes");
    assertTrue(refusal("a".repeat(40)).contains("1 distinct byte values"), "40 characters of one letter");
    assertTrue(refusal("k1:not base64 at all!!!!!!!!!!!!!!!!!!!!!!!!!").contains("not base64"));
    assertTrue(refusal("bad id:" + Base64.getEncoder().encodeToString(RANDOM)).contains("key id"));
  }

  @Test
  void theLocalEphemeralKeySaysSoInItsHashes() {
    HashKey key = HashKey.resolve(new PciConfig("UNSET_VARIABLE", true), Map.of());
    assertTrue(new Protectors.Hasher(key).hash("x").startsWith("ephemeral:"));
  }
}
