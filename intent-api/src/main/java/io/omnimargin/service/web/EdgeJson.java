package io.omnimargin.service.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.fixed.FixedPoint;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Digits;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * The one reader of request bodies: parses with the service's strict mapper and reads fields into
 * wire values (numbers in ASCII digits only, see {@link Digits}), every refusal a {@link Refusal}
 * naming its field ({@code malformed-json}, {@code invalid-field}, {@code payload-too-large},
 * {@code not-collateral}).
 */
@Singleton
public class EdgeJson {
  private final ObjectMapper json;

  public EdgeJson(ObjectMapper json) {
    this.json = json;
  }

  /** A JSON object body. */
  public JsonNode object(String body) {
    JsonNode node;
    try {
      node = json.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
    if (node == null || !node.isObject()) {
      throw new Refusal(ProblemCode.MALFORMED_JSON, "the body must be a JSON object");
    }
    return node;
  }

  /**
   * A JSON object of at most {@code maxBytes} (however it was framed) whose members are all in
   * {@code allowed}: what a signature covers must be all there is.
   */
  public JsonNode object(String body, int maxBytes, Set<String> allowed) {
    if (body == null || body.isBlank()) {
      throw new Refusal(ProblemCode.MALFORMED_JSON, "the request needs a JSON object body");
    }
    // RequestGuards already bounds every /v1 body; this keeps the reader safe on its own.
    // a char is at most 3 UTF-8 bytes: encode to count only a body that might be over
    if (body.length() > maxBytes
        || (body.length() > maxBytes / 3
            && body.getBytes(StandardCharsets.UTF_8).length > maxBytes)) {
      throw new Refusal(
          ProblemCode.PAYLOAD_TOO_LARGE, "bodies are limited to " + maxBytes + " bytes");
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
    if (node == null || !node.isObject()) {
      throw new Refusal(ProblemCode.MALFORMED_JSON, "the body must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new Refusal(ProblemCode.INVALID_FIELD, "unknown field " + name, name);
      }
    }
    return node;
  }

  /**
   * Why a body is not JSON, in words a person can act on. The parser's own messages name its
   * classes and settings ({@code JsonNode}, {@code StreamReadConstraints}); none of that is
   * repeated.
   */
  static Refusal malformed(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    String detail;
    if (e instanceof StreamConstraintsException) {
      detail =
          message.contains("nesting")
              ? "the JSON is nested deeper than 16 levels"
              : "a string or number in the JSON is longer than the service reads";
    } else if (message.startsWith("Duplicate field")) {
      int open = message.indexOf('\'');
      int close = message.lastIndexOf('\'');
      detail =
          close > open
              ? "the member \"" + message.substring(open + 1, close) + "\" is named twice"
              : "a member is named twice";
    } else if (e instanceof MismatchedInputException && message.startsWith("Trailing token")) {
      detail = "the body holds more than one JSON value";
    } else if (e instanceof MismatchedInputException) {
      detail = "the body is empty or not a JSON value";
    } else {
      JsonLocation at = e.getLocation();
      detail =
          at == null
              ? "the body is not valid JSON"
              : "the body is not valid JSON (line "
                  + at.getLineNr()
                  + ", column "
                  + at.getColumnNr()
                  + ")";
    }
    return new Refusal(ProblemCode.MALFORMED_JSON, detail);
  }

  /** A member that must be an object. */
  public static JsonNode object(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isObject()) {
      throw invalid(field, field + " must be an object");
    }
    return n;
  }

  /** A string or number member, as text. */
  public static String text(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !(v.isTextual() || v.isNumber())) {
      throw invalid(path, path + " is required");
    }
    return v.asText();
  }

  /** A member that must be a non-empty string. */
  public static String string(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw invalid(path, path + " must be a non-empty string");
    }
    return value.asText();
  }

  /** A listing's {@code ?limit=}: a whole number from 1 to {@code max}, else {@code 400}. */
  public static int limit(String text, int max) {
    long n;
    try {
      n = Digits.unsignedLong(text);
    } catch (NumberFormatException | NullPointerException e) {
      n = 0;
    }
    if (n < 1 || n > max) {
      throw invalid("limit", "limit is 1 to " + max);
    }
    return (int) n;
  }

  public static Address address(String text, String path) {
    try {
      return Address.parse(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw invalid(path, path + " is not an address");
    }
  }

  public static Address address(JsonNode n, String field, String path) {
    return address(text(n, field, path), path);
  }

  public static OrderId orderId(String hex, String path) {
    try {
      return OrderId.parse(hex);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw invalid(path, path + " must be 0x followed by 64 hex digits");
    }
  }

  /** A uint256 as a decimal string (18-decimal fixed point for prices and fees). */
  public static Uint256 uint(JsonNode n, String field, String path) {
    try {
      return Uint256.of(Digits.unsigned(text(n, field, path), Digits.UINT256_DIGITS));
    } catch (IllegalArgumentException e) {
      throw invalid(path, path + " must be a decimal uint256");
    }
  }

  /** A whole number from 0 to {@code max}. */
  public static long uint(JsonNode n, String field, String path, long max) {
    try {
      long v = Digits.unsignedLong(text(n, field, path));
      if (v < 0 || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(path, path + " out of range");
    }
  }

  /** A positive decimal with at most {@code decimals} places, as base units. */
  public static BigInteger positive(JsonNode node, String field, String path, int decimals) {
    try {
      BigInteger value = FixedPoint.parse(string(node, field, path), decimals);
      if (value.signum() <= 0) {
        throw new IllegalArgumentException("must be positive");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw invalid(path, path + " must be a positive decimal: " + e.getMessage());
    }
  }

  /** A positive USD amount or price, 18 decimals. */
  public static BigInteger wad(JsonNode node, String field, String path) {
    return positive(node, field, path, 18);
  }

  /** An optional boolean member: false when absent, refused when anything but true or false. */
  public static boolean flag(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw invalid(path, path + " must be true or false");
    }
    return value.booleanValue();
  }

  /** A (chain, asset) pair that is in the risk table. */
  public static CollateralKey collateral(JsonNode node, String path, RiskConfig risk) {
    String prefix = path.isEmpty() ? "" : path + ".";
    long chainId;
    try {
      chainId = Digits.unsignedLong(string(node, "chainId", prefix + "chainId"));
    } catch (NumberFormatException e) {
      throw invalid(prefix + "chainId", "chainId must be decimal");
    }
    CollateralKey key = new CollateralKey(chainId, string(node, "asset", path + ".asset"));
    if (risk.risk(key).isEmpty()) {
      throw new Refusal(
          ProblemCode.NOT_COLLATERAL,
          key.asset() + " on chain " + chainId + " is not in the risk table",
          prefix + "asset");
    }
    return key;
  }

  private static Refusal invalid(String path, String detail) {
    return new Refusal(ProblemCode.INVALID_FIELD, detail, path);
  }
}
