package io.omnimargin.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.protocol.InvalidFieldException;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Digits;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;

/**
 * Reads wire values out of a JSON object, each failure an {@link InvalidFieldException} naming the
 * field. Integers: a decimal string, a {@code 0x} hex string (ASCII digits only), or (below 2^53) a
 * JSON number.
 */
public final class JsonValues {
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
  private static final int MAX_UINT_DIGITS = 80; // 2^256 has 78 decimal digits

  private JsonValues() {}

  public static JsonNode required(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidFieldException(field, field + " is required");
    }
    return value;
  }

  public static String text(JsonNode object, String field) {
    JsonNode value = required(object, field);
    if (!value.isTextual()) {
      throw new InvalidFieldException(field, field + " must be a string");
    }
    return value.asText();
  }

  /** An unsigned integer of at most {@code bits} bits. */
  public static Uint256 uint(JsonNode object, String field, int bits) {
    JsonNode value = required(object, field);
    BigInteger parsed;
    if (value.isIntegralNumber()) {
      if (!value.canConvertToLong() || value.asLong() < 0 || value.asLong() > MAX_SAFE_INTEGER) {
        throw new InvalidFieldException(
            field, field + " as a JSON number must be in [0, 2^53); send larger values as strings");
      }
      parsed = BigInteger.valueOf(value.asLong());
    } else if (value.isTextual()) {
      parsed = parseUintText(field, value.asText());
    } else {
      throw new InvalidFieldException(
          field, field + " must be a decimal string, 0x hex or a number");
    }
    if (parsed.bitLength() > bits) {
      throw new InvalidFieldException(field, field + " does not fit in uint" + bits);
    }
    return Uint256.of(parsed);
  }

  private static BigInteger parseUintText(String field, String text) {
    boolean hex = text.startsWith("0x") || text.startsWith("0X");
    String digits = hex ? text.substring(2) : text;
    int radix = hex ? 16 : 10;
    if (digits.isEmpty() || digits.length() > MAX_UINT_DIGITS) {
      throw new InvalidFieldException(field, field + " is not an unsigned integer");
    }
    for (int i = 0; i < digits.length(); i++) {
      int digit = Digits.hex(digits.charAt(i));
      if (digit < 0 || digit >= radix) { // ASCII only: Character.digit also reads "١٢٣"
        throw new InvalidFieldException(field, field + " is not an unsigned integer");
      }
    }
    return new BigInteger(digits, radix);
  }

  public static Address address(JsonNode object, String field) {
    String text = text(object, field);
    try {
      return Address.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, field + " is not an address: " + e.getMessage());
    }
  }

  public static Bytes32 bytes32(JsonNode object, String field) {
    String text = text(object, field);
    try {
      return Bytes32.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, field + " is not a bytes32: " + e.getMessage());
    }
  }

  public static Bytes bytes(JsonNode object, String field, int maxLength) {
    String text = text(object, field);
    if (text.length() > 2 + 2L * maxLength) {
      throw new InvalidFieldException(field, field + " is longer than " + maxLength + " bytes");
    }
    try {
      return Bytes.wrap(Hex.decode(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, field + " is not 0x hex: " + e.getMessage());
    }
  }
}
