package io.omnimargin.cluster.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.protocol.types.Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

/** Stored form of an outbox entry: one JSON document, amounts as exact decimal integers. */
public final class OutboundLegJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutboundLegJson() {}

  public static String write(OutboundLeg out) {
    return node(out).toString();
  }

  static ObjectNode node(OutboundLeg out) {
    TradeLeg leg = out.leg();
    return JSON.createObjectNode()
        .put("partition", out.partition())
        .put("tradeId", leg.tradeId())
        .put("account", leg.account().toLowerHex())
        .put("market", leg.market())
        .put("delta", leg.delta().toString())
        .put("booked", leg.booked().toString())
        .put("feesPaid", leg.feesPaid().toString())
        .put("feesEarned", leg.feesEarned().toString())
        .put("stamp", out.stamp())
        .put("capped", out.capped());
  }

  public static OutboundLeg read(String json) {
    try {
      return read(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OutboundLeg read(JsonNode n) {
    return new OutboundLeg(
        n.required("partition").intValue(),
        new TradeLeg(
            n.required("tradeId").textValue(),
            Address.parse(n.required("account").textValue()),
            n.required("market").textValue(),
            new BigInteger(n.required("delta").textValue()),
            new BigInteger(n.required("booked").textValue()),
            new BigInteger(n.required("feesPaid").textValue()),
            new BigInteger(n.required("feesEarned").textValue())),
        n.path("stamp").asLong(OutboundLeg.NO_STAMP),
        n.path("capped").asBoolean(false));
  }
}
