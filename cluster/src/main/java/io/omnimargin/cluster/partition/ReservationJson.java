package io.omnimargin.cluster.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

/**
 * Stored and wire form of a reservation: {@code {"account","intent","change":{"kind",...}}}, the
 * change one of {@code order}, {@code withdrawal} or {@code cash-payout}, amounts as exact decimal
 * integers.
 */
public final class ReservationJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReservationJson() {}

  public static String write(Reservation reservation) {
    return node(reservation).toString();
  }

  public static Reservation read(String json) {
    try {
      return read(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode node(Reservation r) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("account", r.account().toLowerHex())
            .put("intent", r.intent().toHex());
    n.set("change", change(r.change()));
    if (!r.request().isEmpty()) {
      n.put("request", r.request());
    }
    return n;
  }

  static Reservation read(JsonNode n) {
    return new Reservation(
        Address.parse(n.required("account").textValue()),
        OrderId.parse(n.required("intent").textValue()),
        change(n.required("change")),
        n.path("request").asText(""));
  }

  private static ObjectNode change(ProposedChange change) {
    if (change instanceof ProposedChange.Order o) {
      return JSON.createObjectNode()
          .put("kind", "order")
          .put("market", o.market())
          .put("isBuy", o.isBuy())
          .put("size", o.size().toString())
          .put("limitPrice", o.limitPrice().toString())
          .put("reduceOnly", o.reduceOnly());
    }
    if (change instanceof ProposedChange.Withdrawal w) {
      return collateral(JSON.createObjectNode().put("kind", "withdrawal"), w.collateral())
          .put("amount", w.amount().toString());
    }
    ProposedChange.CashPayout p = (ProposedChange.CashPayout) change;
    return collateral(JSON.createObjectNode().put("kind", "cash-payout"), p.collateral())
        .put("units", p.units().toString())
        .put("usd", p.usd().toString());
  }

  private static ObjectNode collateral(ObjectNode n, CollateralKey key) {
    return n.put("chainId", key.chainId()).put("asset", key.asset());
  }

  private static ProposedChange change(JsonNode n) {
    String kind = n.required("kind").textValue();
    switch (kind) {
      case "order":
        return new ProposedChange.Order(
            n.required("market").textValue(),
            n.required("isBuy").booleanValue(),
            amount(n, "size"),
            amount(n, "limitPrice"),
            n.required("reduceOnly").booleanValue());
      case "withdrawal":
        return new ProposedChange.Withdrawal(collateral(n), amount(n, "amount"));
      case "cash-payout":
        return new ProposedChange.CashPayout(collateral(n), amount(n, "units"), amount(n, "usd"));
      default:
        throw new IllegalArgumentException("not a reserved change: kind " + kind);
    }
  }

  private static CollateralKey collateral(JsonNode n) {
    return new CollateralKey(n.required("chainId").longValue(), n.required("asset").textValue());
  }

  static BigInteger amount(JsonNode n, String field) {
    return new BigInteger(n.required(field).textValue());
  }
}
