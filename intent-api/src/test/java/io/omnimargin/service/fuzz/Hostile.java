package io.omnimargin.service.fuzz;

/**
 * JSON values no field expects, written as raw JSON text: wrong types, numbers past every range,
 * digits of other scripts, control characters, lone surrogates, over-long strings and deep nesting.
 */
enum Hostile {
  NULL("null", Kind.NULL),
  TRUE("true", Kind.BOOLEAN),
  FALSE("false", Kind.BOOLEAN),
  ZERO("0", Kind.NUMBER),
  MINUS_ONE("-1", Kind.NUMBER),
  MINUS_ZERO("-0", Kind.NUMBER),
  FRACTION("1.5", Kind.NUMBER),
  EXPONENT("1e3", Kind.NUMBER),
  MAX_DOUBLE("1.7976931348623157e308", Kind.NUMBER),
  PAST_DOUBLE("1e400", Kind.NUMBER),
  PAST_LONG("9223372036854775808", Kind.NUMBER),
  PAST_UINT256(
      "115792089237316195423570985008687907853269984665640564039457584007913129639936",
      Kind.NUMBER),
  EIGHTY_DIGITS("9".repeat(80), Kind.NUMBER),
  EMPTY("\"\"", Kind.STRING),
  BLANK("\" \"", Kind.STRING),
  ARABIC_INDIC_DIGITS("\"١٢٣\"", Kind.STRING),
  FULL_WIDTH_DIGITS("\"１２３\"", Kind.STRING),
  DEVANAGARI_DIGITS("\"१२३\"", Kind.STRING),
  SIGNED("\"+1\"", Kind.STRING),
  NEGATIVE("\"-1\"", Kind.STRING),
  HEX_NUMBER("\"0x10\"", Kind.STRING),
  NAN("\"NaN\"", Kind.STRING),
  NUL("\"\\u0000\"", Kind.STRING),
  RAW_CONTROL("\"a\u0001b\"", Kind.STRING),
  LONE_SURROGATE("\"\\ud800\"", Kind.STRING),
  RIGHT_TO_LEFT("\"\u202eETH\"", Kind.STRING),
  ZERO_WIDTH("\"E\u200bTH\"", Kind.STRING),
  EMOJI("\"\uD83D\uDE00\"", Kind.STRING),
  COMBINING("\"e\u0301\"", Kind.STRING),
  NOT_HEX("\"0x" + "zz".repeat(32) + "\"", Kind.STRING),
  LONG_STRING("\"" + "x".repeat(12_000) + "\"", Kind.STRING),
  HUGE_STRING("\"" + "x".repeat(20_000) + "\"", Kind.STRING),
  EMPTY_OBJECT("{}", Kind.OBJECT),
  OBJECT("{\"a\":1}", Kind.OBJECT),
  EMPTY_ARRAY("[]", Kind.ARRAY),
  ARRAY("[1,\"x\",null]", Kind.ARRAY),
  DEEP_ARRAY("[".repeat(40) + "]".repeat(40), Kind.ARRAY),
  DEEP_OBJECT("{\"a\":".repeat(40) + "1" + "}".repeat(40), Kind.OBJECT);

  /** The JSON kinds, as a field expects them. */
  enum Kind {
    NULL,
    BOOLEAN,
    NUMBER,
    STRING,
    ARRAY,
    OBJECT
  }

  final String json;
  final Kind kind;

  Hostile(String json, Kind kind) {
    this.json = json;
    this.kind = kind;
  }

  /** Whether no JSON reader of the service takes it anywhere: too deep, or a raw control byte. */
  boolean unreadable() {
    return this == DEEP_ARRAY || this == DEEP_OBJECT || this == RAW_CONTROL;
  }

  /**
   * Whether a value of kind {@code to} in place of one of kind {@code from} is wrong whatever the
   * field: a scalar where an object was, a container or a boolean where a scalar was, anything but
   * a boolean where a boolean was. A number for a string (and the reverse) may be read as the same
   * value; null may mean "absent" for a member that may be left out.
   */
  static boolean wrongKind(Kind from, Kind to, boolean optional) {
    if (from == to) {
      return false;
    }
    if (to == Kind.NULL) {
      return !optional;
    }
    boolean scalar = from == Kind.STRING || from == Kind.NUMBER;
    return !(scalar && (to == Kind.STRING || to == Kind.NUMBER));
  }
}
