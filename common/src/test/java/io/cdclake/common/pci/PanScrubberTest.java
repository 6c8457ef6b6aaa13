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
    // Not Luhn-valid, too short, or part of a longer digit run. (A Luhn-valid 13-19 digit number such as some
    // epoch-millisecond timestamps is masked: false positives are the accepted price in free text.)
    for (String text : new String[] {"4111111111111112", "order 123456789012", "ts 1709283600001",
        "id 41111111111111110000000", "amount 1999.99"}) {
      assertEquals(text, PanScrubber.scrub(text));
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
