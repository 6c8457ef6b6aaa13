package io.cdclake.common.pci;

import java.util.Locale;
import java.util.Set;

/**
 * Recognises column names that, by PCI-DSS convention, hold cardholder data. A contract that declares such a
 * column must protect it: a primary account number may be hashed, masked or dropped; sensitive authentication
 * data (card verification codes, track data, PIN blocks) must never be stored after authorisation, so it can
 * only be dropped.
 *
 * <p>Names are split on '_' and compared token by token, case-insensitively: {@code card_pan} and
 * {@code PAN} match, {@code japan} and {@code company} do not. This is a safety net for contract authors, not
 * a data classifier: a card number in a column called {@code notes} is still the author's responsibility.
 */
public final class CardDataColumns {
  /** Token sequences naming a primary account number. */
  private static final Set<String> PAN = Set.of(
      "pan", "card_number", "cardnumber", "card_no", "card_num", "cc_number", "ccnumber", "cc_num", "ccnum",
      "primary_account_number", "credit_card_number", "debit_card_number", "creditcard", "creditcardnumber",
      "cardno", "ccn", "acct_number", "acctnumber", "acct_no", "acct_num");
  /**
   * Whole names that mean a card number on their own but are too common as parts of other names to match as
   * tokens ({@code card_id}, {@code card_type}, {@code cc_email} are not card numbers).
   */
  private static final Set<String> PAN_WHOLE_NAMES = Set.of("card", "cc", "credit_card", "debit_card");
  /** Token sequences naming sensitive authentication data (PCI-DSS requirement 3.3). */
  private static final Set<String> SENSITIVE_AUTHENTICATION = Set.of(
      "cvv", "cvv2", "cvc", "cvc2", "cav2", "card_verification_code", "card_verification_value",
      "track_data", "track1", "track2", "track_1", "track_2", "magstripe", "pin_block", "pinblock");

  private CardDataColumns() {}

  /** Whether {@code columnName} looks like it holds a primary account number. */
  public static boolean isPrimaryAccountNumber(String columnName) {
    return PAN_WHOLE_NAMES.contains(columnName.toLowerCase(Locale.ROOT)) || containsTokens(columnName, PAN);
  }

  /** Whether {@code columnName} looks like it holds sensitive authentication data, which may never be stored. */
  public static boolean isSensitiveAuthenticationData(String columnName) {
    return containsTokens(columnName, SENSITIVE_AUTHENTICATION);
  }

  private static boolean containsTokens(String columnName, Set<String> phrases) {
    String[] tokens = columnName.toLowerCase(Locale.ROOT).split("_");
    for (int start = 0; start < tokens.length; start++) {
      StringBuilder phrase = new StringBuilder();
      for (int end = start; end < tokens.length; end++) {
        if (end > start) {
          phrase.append('_');
        }
        phrase.append(tokens[end]);
        if (phrases.contains(phrase.toString())) {
          return true;
        }
      }
    }
    return false;
  }
}
