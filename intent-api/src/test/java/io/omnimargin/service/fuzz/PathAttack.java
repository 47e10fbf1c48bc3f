package io.omnimargin.service.fuzz;

import java.util.Locale;
import java.util.Random;

/**
 * Changes to a request's path parameter (an address or an order id): a near miss, junk, an encoded
 * NUL or dot-segment, another script's digits, or another valid id the service has never seen
 * (which must read as unknown and store nothing).
 */
enum PathAttack {
  NONE(Expect.ANY),
  LOWER_CASE(Expect.ANY),
  UPPER_CASE(Expect.ANY),
  EMPTY(Expect.REFUSED),
  PREFIX_ONLY(Expect.REFUSED),
  NOT_HEX(Expect.REFUSED),
  ONE_SHORT(Expect.REFUSED),
  ENCODED_NUL(Expect.REFUSED),
  DOT_SEGMENT(Expect.REFUSED),
  ENCODED_DIGITS(Expect.REFUSED),
  EXTRA_SEGMENT(Expect.REFUSED),
  LONG(Expect.REFUSED),
  ENCODED_SPACE(Expect.REFUSED),
  ENCODED_CRLF(Expect.REFUSED),
  QUERY(Expect.ANY),
  UNSEEN_ID(Expect.ANY);

  final Expect expect;

  PathAttack(Expect expect) {
    this.expect = expect;
  }

  /**
   * The path segment in place of {@code param} (a hex id, or a number such as a liquidation's);
   * {@code salt} picks an unseen id.
   */
  String apply(String param, long salt) {
    boolean isHex = param.startsWith("0x");
    String hex = isHex ? param.substring(2) : param;
    return switch (this) {
      case NONE -> param;
      case LOWER_CASE -> param.toLowerCase(Locale.ROOT);
      case UPPER_CASE -> (isHex ? "0x" : "") + hex.toUpperCase(Locale.ROOT);
      case EMPTY -> "";
      case PREFIX_ONLY -> "0x";
      case NOT_HEX -> "0x" + "zz".repeat(Math.max(1, hex.length() / 2));
      case ONE_SHORT -> param.substring(0, param.length() - 1);
      case ENCODED_NUL -> param + "%00";
      case DOT_SEGMENT -> "%2e%2e";
      case ENCODED_DIGITS -> "%D9%A1%D9%A2";
      case EXTRA_SEGMENT -> param + "/x";
      case LONG -> "0x" + "a".repeat(3_000);
      case ENCODED_SPACE -> "%20" + param;
      case ENCODED_CRLF -> param + "%0d%0a";
      case QUERY -> param + "?x=%00&y";
      case UNSEEN_ID ->
          isHex ? unseen(hex.length(), salt) : Long.toString(Math.abs(salt % 1_000_000) + 2);
    };
  }

  private static String unseen(int hexDigits, long salt) {
    Random random = new Random(salt);
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < hexDigits; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }
}
