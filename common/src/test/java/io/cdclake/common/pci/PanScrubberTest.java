package io.cdclake.common.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PanScrubberTest {
  @Test
  void masksLuhnValidCardNumbersInText() {
    String scrubbed = PanScrubber.scrub("{\"pan\":\"4111111111111111\",\"other\":\"x\"}");
    assertEquals("{\"pan\":\"************1111\",\"other\":\"x\"}", scrubbed);
  }

  @Test
  void masksGroupedNumbersAndAllSchemesLengths() {
    for (String pan : new String[] {"4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005",
        "4000056655665556", "6011000990139424"}) {
      String scrubbed = PanScrubber.scrub("card " + pan + " end");
      String digits = pan.replaceAll("[ -]", "");
      assertFalse(scrubbed.contains(digits), scrubbed);
      assertFalse(scrubbed.contains(pan), scrubbed);
      // The mask keeps at most a quarter of the digits (4 of 16, 3 of 15), the PCI display allowance.
      int kept = Math.min(4, digits.length() / 4);
      assertEquals("card " + "*".repeat(digits.length() - kept) + digits.substring(digits.length() - kept) + " end",
          scrubbed);
    }
  }

  @Test
  void leavesOtherNumbersAlone() {
    // Not Luhn-valid in any window of whole groups, too short, or a longer number written without separators. (A Luhn-valid 13-19 digit window, such as some epoch-millisecond
    // timestamps, is masked: false positives are the accepted price in free text.)
    for (String text : new String[] {"8226161561168607", "order 123456789012", "ts 1709283600001",
        "amount 1999.99", "2024-12-01 10:00:00", "cents 1000000000000000000", "seq 0000000000000000000000000042",
        "12345678901234567890.123456789", "id 41111111111111110000000"}) {
      assertEquals(text, PanScrubber.scrub(text));
    }
  }

  /** Every way of writing 4111 1111 1111 1111 that the issue found left in clear, and a few more. */
  @Test
  void masksACardNumberHoweverItIsWritten() {
    String[] texts = {
        "order 2024 4111 1111 1111 1111",        // a digit group before it
        "4111 1111 1111 1111 2024",              // and after it
        "4111.1111.1111.1111", "4111  1111  1111  1111", "4111\t1111\t1111\t1111", "4111/1111/1111/1111",
        "4111 - 1111 - 1111 - 1111",
        "\uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11",
        "{\"note\":\"\\u0034\\u0031\\u00311 1111 1111 1111\"}", // JSON escapes, as a quarantined payload holds them
        "pan:4111\\u00201111\\u002d1111\\/1111",
    };
    for (String text : texts) {
      String scrubbed = PanScrubber.scrub(text);
      assertTrue(LuhnSweep.panWindows(scrubbed).isEmpty(), text + " -> " + scrubbed);
      assertFalse(LuhnSweep.panWindows(text).isEmpty(), "the sweep itself sees the card number in " + text);
    }
  }

  /** A UUID's digit groups are not a card number, even when they happen to pass Luhn (Delta's txnIds do). */
  @Test
  void theSweepLeavesHexTokensAlone() {
    assertTrue(LuhnSweep.panWindows("\"txnId\":\"a077ab75-c514-4652-9127-35b0370b9afe\"").isEmpty());
    assertFalse(LuhnSweep.panWindows("\"txnId\":\"a077ab75-4111-1111-1111-1111\"").isEmpty(),
        "a card number after a hex token, with nothing after it, is still seen");
  }

  @Test
  void noLuhnValidWindowSurvivesRandomText() {
    java.util.Random random = new java.util.Random(42);
    String[] seps = {"", " ", "-", ".", "  ", "\t", "/", " - ", "-- "};
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int part = 0; part < 1 + random.nextInt(6); part++) {
        int kind = random.nextInt(4);
        if (kind == 0) {
          text.append("word ");
        } else {
          int len = 1 + random.nextInt(kind == 3 ? 24 : 6);
          String sep = seps[random.nextInt(seps.length)];
          for (int d = 0; d < len; d++) {
            text.append((char) ('0' + random.nextInt(10)));
            if (d % 4 == 3 && d < len - 1) {
              text.append(sep);
            }
          }
          text.append(random.nextBoolean() ? " " : seps[random.nextInt(seps.length)]);
        }
      }
      String scrubbed = PanScrubber.scrub(text.toString());
      assertTrue(LuhnSweep.panWindows(scrubbed).isEmpty(), text + " -> " + scrubbed);
    }
  }

  @Test
  void masksEveryOccurrence() {
    String s = PanScrubber.scrub("a=4111111111111111 b=5555555555554444");
    assertEquals("a=************1111 b=************4444", s);
  }

  @Test
  void nullStaysNull() {
    assertNull(PanScrubber.scrub(null));
  }

  @Test
  void luhn() {
    assertTrue(PanScrubber.luhn("79927398713"));
    assertFalse(PanScrubber.luhn("79927398710"));
  }
}
