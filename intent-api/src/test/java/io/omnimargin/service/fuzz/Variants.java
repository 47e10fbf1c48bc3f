package io.omnimargin.service.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Locale;

/**
 * Values derived from the one a valid body holds, so that a mutation gets past the parser and the
 * type checks to the field's own rule: the same digits in another script, the same hex one digit
 * short, the same number as a fraction; or another valid value (one more, one hex digit flipped),
 * which takes a signed body on to its signature check. Each says whether it is wrong whatever the
 * field means.
 */
final class Variants {
  /** A derived value: its JSON text, and whether no field could accept it. */
  record Variant(String json, boolean wrong) {}

  static final int COUNT = 14;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Variants() {}

  /** The {@code n}-th variant (modulo {@link #COUNT}) of {@code original}. */
  static Variant of(JsonNode original, int n) {
    int k = Math.floorMod(n, COUNT);
    if (original.isTextual()) {
      String s = original.asText();
      if (s.matches("[0-9]+")) {
        return digits(s, k);
      }
      if (s.matches("0x[0-9a-fA-F]*")) {
        return hex(s, k);
      }
      return text(s, k);
    }
    if (original.isIntegralNumber()) {
      return number(original.asText(), k);
    }
    if (original.isBoolean()) {
      return bool(original.asBoolean(), k);
    }
    return new Variant(Hostile.values()[k].json, false);
  }

  private static Variant digits(String s, int k) {
    return switch (k) {
      case 0 -> wrong(script(s, '٠'));
      case 1 -> wrong('１' + s.substring(1));
      case 2 -> wrong("-" + s);
      case 3 -> wrong("+" + s);
      case 4 -> wrong(" " + s);
      case 5 -> wrong(s + "e3");
      case 6 -> maybe("0x" + s); // an intent's integers may be written in hex
      case 7 -> wrong(s + "0".repeat(80));
      case 8 -> wrong("");
      case 9 -> wrong(s.charAt(0) + "_" + s.substring(1));
      case 10 -> maybe("0" + s);
      case 11 -> maybe(s + ".5");
      case 12 -> maybe(new java.math.BigInteger(s).add(java.math.BigInteger.ONE).toString());
      default ->
          maybe(
              new java.math.BigInteger(s)
                  .max(java.math.BigInteger.ONE)
                  .subtract(java.math.BigInteger.ONE)
                  .toString());
    };
  }

  private static Variant hex(String s, int k) {
    String body = s.substring(2);
    int mid = body.length() / 2;
    return switch (k) {
      case 0 -> maybe(body);
      case 1 -> maybe("0X" + body);
      case 2 -> wrong(s.substring(0, s.length() - 1));
      case 3 -> wrong(s + "0");
      case 4 ->
          wrong(
              "0x"
                  + body.substring(0, mid)
                  + "g"
                  + body.substring(Math.min(mid + 1, body.length())));
      case 5 -> maybe(s.toLowerCase(Locale.ROOT));
      case 6 -> maybe("0x" + body.toUpperCase(Locale.ROOT));
      case 7 ->
          wrong(
              "0x"
                  + body.substring(0, mid)
                  + '０'
                  + body.substring(Math.min(mid + 1, body.length())));
      case 8 -> wrong("0x" + body.substring(0, mid) + '\u0000' + body.substring(mid));
      case 9 -> wrong(s + "00".repeat(32));
      case 10 -> wrong("0x");
      case 11 -> wrong("0x" + body.substring(0, mid) + ' ' + body.substring(mid));
      case 12 -> maybe(flip(s, s.length() - 1));
      default -> maybe(flip(s, Math.min(2, s.length() - 1)));
    };
  }

  private static Variant text(String s, int k) {
    return switch (k) {
      case 0 -> maybe("");
      case 1 -> maybe(s + '\u0000');
      case 2 -> maybe(s.toUpperCase(Locale.ROOT));
      case 3 -> maybe('\u0415' + s.substring(Math.min(1, s.length()))); // a Cyrillic E
      case 4 -> maybe(s + '\u202e');
      case 5 -> maybe(s.repeat(Math.max(1, 3_000 / Math.max(1, s.length()))));
      case 6 -> maybe(s + "e\u0301");
      case 7 -> maybe(" " + s);
      case 8 -> maybe(s.toLowerCase(Locale.ROOT));
      case 9 -> maybe(s + "\n");
      case 10 -> maybe(s.substring(0, Math.max(0, s.length() - 1)));
      case 11 -> maybe(s + s);
      case 12 -> maybe(new StringBuilder(s).reverse().toString());
      default -> maybe(s.isEmpty() ? "x" : s.substring(0, s.length() - 1) + 'Q');
    };
  }

  private static Variant number(String n, int k) {
    return switch (k) {
      case 0 -> new Variant("-" + n, false);
      case 1 -> new Variant(n + ".5", true);
      case 2 -> new Variant(n + "e3", true);
      case 3 -> new Variant(n + "0".repeat(30), true);
      case 4 -> maybe(n);
      case 5 -> new Variant("0", false);
      case 6 -> new Variant(n + "1", false);
      case 7 -> wrong(script(n.replace("-", ""), '٠'));
      case 8 -> new Variant(n + ".0", true);
      case 9 -> new Variant("1" + "0".repeat(400), true);
      case 10 -> new Variant("-0", false);
      case 11 -> new Variant(n + "E-2", true);
      case 12 ->
          new Variant(new java.math.BigInteger(n).add(java.math.BigInteger.ONE).toString(), false);
      default ->
          new Variant(
              new java.math.BigInteger(n).subtract(java.math.BigInteger.ONE).toString(), false);
    };
  }

  private static Variant bool(boolean b, int k) {
    return switch (k % 4) {
      case 0 -> new Variant(Boolean.toString(!b), false);
      case 1 -> wrong(Boolean.toString(b));
      case 2 -> new Variant(b ? "1" : "0", true);
      default -> wrong(b ? "yes" : "no");
    };
  }

  /** {@code hex} with the digit at {@code at} changed to another hex digit, if it is one. */
  private static String flip(String hex, int at) {
    char c = hex.charAt(at);
    int digit = Character.digit(c, 16);
    if (digit < 0 || at < 2) {
      return hex;
    }
    char other = Character.forDigit((digit + 1) % 16, 16);
    return hex.substring(0, at) + other + hex.substring(at + 1);
  }

  /** The digits of {@code s} in the script whose zero is {@code zero}. */
  private static String script(String s, char zero) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(c >= '0' && c <= '9' ? (char) (zero + (c - '0')) : c);
    }
    return out.toString();
  }

  private static Variant wrong(String text) {
    return new Variant(NODES.textNode(text).toString(), true);
  }

  private static Variant maybe(String text) {
    return new Variant(NODES.textNode(text).toString(), false);
  }
}
