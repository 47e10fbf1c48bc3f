package io.omnimargin.protocol.types;

import java.math.BigInteger;

/**
 * Numbers from text in ASCII digits only. Java's own parsers ({@code new BigInteger}, {@code
 * Long.parseLong}, {@code Character.digit}) also read the digits of other scripts, so that
 * Arabic-Indic {@code "١٢٣"} or full-width {@code "１２３"} would be 123; no wire format, path or
 * query parameter here allows that, nor a sign, spaces or an empty string. Every reader of a
 * decimal or hex number at the edge goes through here.
 */
public final class Digits {
  /** Decimal digits of the largest uint256 (2^256 − 1). */
  public static final int UINT256_DIGITS = 78;

  private Digits() {}

  /** Whether {@code text} is one or more ASCII digits {@code 0-9} and nothing else. */
  public static boolean isDecimal(CharSequence text) {
    if (text == null || text.length() == 0) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * An unsigned decimal of at most {@code maxDigits} ASCII digits.
   *
   * @throws NumberFormatException otherwise
   */
  public static BigInteger unsigned(String text, int maxDigits) {
    if (!isDecimal(text) || text.length() > maxDigits) {
      throw new NumberFormatException(
          "not an unsigned decimal of at most " + maxDigits + " digits");
    }
    return new BigInteger(text);
  }

  /**
   * An unsigned decimal that fits a {@code long}.
   *
   * @throws NumberFormatException otherwise
   */
  public static long unsignedLong(String text) {
    if (!isDecimal(text)) {
      throw new NumberFormatException("not an unsigned decimal");
    }
    return Long.parseLong(text);
  }

  /**
   * A decimal {@code long}, optionally with a leading {@code -} (e.g. a resume point of -1).
   *
   * @throws NumberFormatException otherwise
   */
  public static long signedLong(String text) {
    boolean negative = text != null && text.startsWith("-");
    long magnitude = unsignedLong(negative ? text.substring(1) : text);
    return negative ? -magnitude : magnitude;
  }

  /** The value of an ASCII hex digit ({@code 0-9}, {@code a-f}, {@code A-F}), or -1. */
  public static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
