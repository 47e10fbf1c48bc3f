package io.omnimargin.protocol.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Digits;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Strict field readers for session messages and bid/fill bodies; each failure names its field. */
final class SessionFields {
  private static final int KNOWN_MAX = 4096;

  /**
   * Solver addresses as sent, already parsed: every bid and fill names its solver, and checking a
   * mixed-case checksum costs a keccak. Bounded: once full, further addresses are parsed each time.
   */
  private final Map<String, Address> known = new ConcurrentHashMap<>();

  JsonNode object(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isObject()) {
      throw invalid(field, field + " must be an object");
    }
    return n;
  }

  String text(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !(v.isTextual() || v.isNumber())) {
      throw invalid(path, path + " is required");
    }
    return v.asText();
  }

  Address address(JsonNode n, String field, String path) {
    String text = text(n, field, path);
    Address cached = known.get(text);
    if (cached != null) {
      return cached;
    }
    try {
      Address parsed = Address.parse(text);
      if (known.size() < KNOWN_MAX) {
        known.put(text, parsed);
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw invalid(path, path + " is not an address");
    }
  }

  OrderId orderId(JsonNode n, String field, String path) {
    try {
      return OrderId.parse(text(n, field, path));
    } catch (IllegalArgumentException e) {
      throw invalid(path, path + " is not 32 bytes of hex");
    }
  }

  Bytes32 bytes32(JsonNode n, String field, String path) {
    try {
      return Bytes32.fromHex(text(n, field, path));
    } catch (IllegalArgumentException e) {
      throw invalid(path, path + " is not 32 bytes of hex");
    }
  }

  /**
   * A uint256 as a decimal string of ASCII digits (as signed: 18-decimal fixed point for prices and
   * fees).
   */
  Uint256 uint(JsonNode n, String field, String path) {
    try {
      return Uint256.of(Digits.unsigned(text(n, field, path), Digits.UINT256_DIGITS));
    } catch (IllegalArgumentException e) {
      throw invalid(path, path + " must be a decimal uint256");
    }
  }

  /** A signed integer of at most 78 ASCII digits with an optional leading {@code -}. */
  java.math.BigInteger signed(JsonNode n, String field, String path) {
    String s = text(n, field, path);
    boolean negative = s.startsWith("-");
    try {
      java.math.BigInteger magnitude =
          Digits.unsigned(negative ? s.substring(1) : s, Digits.UINT256_DIGITS);
      return negative ? magnitude.negate() : magnitude;
    } catch (NumberFormatException e) {
      throw invalid(path, path + " must be a signed decimal integer");
    }
  }

  long uint(JsonNode n, String field, String path, long max) {
    String s = text(n, field, path);
    try {
      long v = Digits.unsignedLong(s);
      if (v < 0 || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(path, path + " out of range");
    }
  }

  private static MalformedMessage invalid(String field, String detail) {
    return new MalformedMessage(MalformedMessage.Kind.INVALID_FIELD, field, detail, null);
  }
}
