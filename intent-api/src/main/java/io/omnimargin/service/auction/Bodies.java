package io.omnimargin.service.auction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Strict readers for the auction's request bodies; every refusal names its field. */
final class Bodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Solver addresses as sent, already parsed: every bid and fill names its solver, and checking a
   * mixed-case checksum costs a keccak. Bounded: once full, further addresses are parsed each time.
   */
  private static final Map<String, Address> KNOWN = new ConcurrentHashMap<>();

  private static final int KNOWN_MAX = 4096;

  private Bodies() {}

  static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new Refusal(ProblemCode.MALFORMED_JSON, "the body must be a JSON object");
      }
      return node;
    } catch (java.io.IOException e) {
      throw new Refusal(ProblemCode.MALFORMED_JSON, "the body is not JSON");
    }
  }

  static JsonNode object(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isObject()) {
      throw new Refusal(ProblemCode.INVALID_FIELD, field + " must be an object", field);
    }
    return n;
  }

  static String text(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !(v.isTextual() || v.isNumber())) {
      throw new Refusal(ProblemCode.INVALID_FIELD, path + " is required", path);
    }
    return v.asText();
  }

  static Address address(JsonNode n, String field, String path) {
    String text = text(n, field, path);
    Address known = KNOWN.get(text);
    if (known != null) {
      return known;
    }
    try {
      Address parsed = Address.parse(text);
      if (KNOWN.size() < KNOWN_MAX) {
        KNOWN.put(text, parsed);
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, path + " is not an address", path);
    }
  }

  static OrderId orderId(JsonNode n, String field, String path) {
    try {
      return OrderId.parse(text(n, field, path));
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, path + " is not 32 bytes of hex", path);
    }
  }

  static Bytes32 bytes32(JsonNode n, String field, String path) {
    try {
      return Bytes32.fromHex(text(n, field, path));
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, path + " is not 32 bytes of hex", path);
    }
  }

  /** A uint256 as a decimal string (as signed: 18-decimal fixed point for prices and fees). */
  static Uint256 uint(JsonNode n, String field, String path) {
    try {
      return Uint256.of(new BigInteger(text(n, field, path)));
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, path + " must be a decimal uint256", path);
    }
  }

  static long uint(JsonNode n, String field, String path, long max) {
    String s = text(n, field, path);
    try {
      long v = Long.parseLong(s);
      if (v < 0 || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, path + " out of range", path);
    }
  }

  /** {@code {"bid": {"orderId", "solver", "price", "fee", "validUntil"}}} as a SolverBid. */
  static io.omnimargin.protocol.eip712.SolverBid solverBid(JsonNode root) {
    JsonNode b = object(root, "bid");
    return new io.omnimargin.protocol.eip712.SolverBid(
        orderId(b, "orderId", "bid.orderId"),
        address(b, "solver", "bid.solver"),
        uint(b, "price", "bid.price"),
        uint(b, "fee", "bid.fee"),
        uint(b, "validUntil", "bid.validUntil", 0xffff_ffffL));
  }

  /** {@code {"fill": {"orderId", "solver", "venueChainId", "txHash", "size", "price"}}}. */
  static io.omnimargin.protocol.eip712.FillReport fillReport(JsonNode root) {
    JsonNode f = object(root, "fill");
    return new io.omnimargin.protocol.eip712.FillReport(
        orderId(f, "orderId", "fill.orderId"),
        address(f, "solver", "fill.solver"),
        uint(f, "venueChainId", "fill.venueChainId", Long.MAX_VALUE),
        bytes32(f, "txHash", "fill.txHash"),
        uint(f, "size", "fill.size"),
        uint(f, "price", "fill.price"));
  }

  static Signature signature(JsonNode root) {
    try {
      return Signature.parse(text(root, "signature", "signature"));
    } catch (IllegalArgumentException e) {
      throw new Refusal(
          ProblemCode.BAD_SIGNATURE, "signature must be 65 bytes of hex", "signature");
    }
  }
}
