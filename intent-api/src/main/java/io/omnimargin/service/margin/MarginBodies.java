package io.omnimargin.service.margin;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.fixed.FixedPoint;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;

/** Field readers for the margin endpoints' bodies; each failure names its field. */
final class MarginBodies {
  private MarginBodies() {}

  static String owner(String address, String field) {
    try {
      return Address.parse(address).toLowerHex();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, field + " is not an address", field);
    }
  }

  static String text(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new Refusal(ProblemCode.INVALID_FIELD, path + " must be a non-empty string", path);
    }
    return value.asText();
  }

  /** A positive decimal with at most {@code decimals} places, as base units. */
  static BigInteger positive(JsonNode node, String field, String path, int decimals) {
    try {
      BigInteger value = FixedPoint.parse(text(node, field, path), decimals);
      if (value.signum() <= 0) {
        throw new IllegalArgumentException("must be positive");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, path + " must be a positive decimal: " + e.getMessage(), path);
    }
  }

  static BigInteger wad(JsonNode node, String field, String path) {
    return positive(node, field, path, 18);
  }

  /** A (chain, asset) pair that is in the risk table. */
  static CollateralKey collateral(JsonNode node, String path, RiskConfig risk) {
    String prefix = path.isEmpty() ? "" : path + ".";
    String chain = text(node, "chainId", prefix + "chainId");
    long chainId;
    try {
      chainId = Long.parseLong(chain);
    } catch (NumberFormatException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "chainId must be decimal", path + ".chainId");
    }
    CollateralKey key = new CollateralKey(chainId, text(node, "asset", path + ".asset"));
    if (risk.risk(key).isEmpty()) {
      throw new Refusal(
          ProblemCode.NOT_COLLATERAL,
          key.asset() + " on chain " + chainId + " is not in the risk table",
          prefix + "asset");
    }
    return key;
  }

  static boolean flag(JsonNode node, String field) {
    return node.path(field).asBoolean(false);
  }
}
