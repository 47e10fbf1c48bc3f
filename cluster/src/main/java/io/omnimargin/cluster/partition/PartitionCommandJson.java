package io.omnimargin.cluster.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.margin.clearing.Takeover;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A ledger partition's record on the wire, one JSON object whose {@code type} names the command:
 * {@code book-trade} (tradeId and the trade), {@code apply-leg} (the outbox entry, stamp included),
 * {@code reserve} and {@code reprice} (the reservation), {@code release} (account, intent,
 * terminal), {@code payout} (account, intent), {@code proven-balance} (account, chainId, asset,
 * balance, requestId), {@code adjust-collateral} (account, chainId, asset, delta, requestId),
 * {@code move-cash} (account, system, usd, requestId), {@code complete-liquidation} (account,
 * liquidation, and the takeover's taker and prices per market, if any), {@code close-funding} and
 * {@code settle-funding} (partition, market, intervalEnd; index and rate). Amounts are exact
 * decimal integers.
 */
public final class PartitionCommandJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PartitionCommandJson() {}

  public static byte[] write(PartitionCommand command) {
    String json;
    if (command instanceof PartitionCommand.BookTrade book) {
      Trade t = book.trade();
      ObjectNode n =
          JSON.createObjectNode()
              .put("type", "book-trade")
              .put("tradeId", book.tradeId())
              .put("market", t.market())
              .put("taker", t.taker().toLowerHex())
              .put("maker", t.maker().toLowerHex())
              .put("takerDelta", t.takerDelta().toString())
              .put("price", t.price().toString())
              .put("makerFee", t.makerFee().toString())
              .put("protocolFee", t.protocolFee().toString());
      json = n.toString();
    } else if (command instanceof PartitionCommand.ApplyLeg apply) {
      // the outbox entry's form, its partition the one the record is on
      ObjectNode n = JSON.createObjectNode().put("type", "apply-leg");
      n.set(
          "entry",
          OutboundLegJson.node(new OutboundLeg(-1, apply.leg(), apply.stamp(), apply.capped())));
      json = n.toString();
    } else {
      json = margin(command).toString();
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The commands about margin and collateral rather than trades. */
  private static ObjectNode margin(PartitionCommand command) {
    if (command instanceof PartitionCommand.Reserve reserve) {
      ObjectNode n = JSON.createObjectNode().put("type", "reserve");
      n.set("reservation", ReservationJson.node(reserve.reservation()));
      return n;
    }
    if (command instanceof PartitionCommand.Reprice reprice) {
      ObjectNode n = JSON.createObjectNode().put("type", "reprice");
      n.set("reservation", ReservationJson.node(reprice.reservation()));
      return n;
    }
    if (command instanceof PartitionCommand.Release release) {
      return JSON.createObjectNode()
          .put("type", "release")
          .put("account", release.account().toLowerHex())
          .put("intent", release.intent().toHex())
          .put("terminal", release.terminal())
          .put("request", release.request());
    }
    if (command instanceof PartitionCommand.Payout payout) {
      return JSON.createObjectNode()
          .put("type", "payout")
          .put("account", payout.account().toLowerHex())
          .put("intent", payout.intent().toHex());
    }
    if (command instanceof PartitionCommand.AdjustCollateral adjust) {
      return JSON.createObjectNode()
          .put("type", "adjust-collateral")
          .put("account", adjust.account().toLowerHex())
          .put("chainId", adjust.key().chainId())
          .put("asset", adjust.key().asset())
          .put("delta", adjust.delta().toString())
          .put("requestId", adjust.requestId());
    }
    if (command instanceof PartitionCommand.MoveCash move) {
      return JSON.createObjectNode()
          .put("type", "move-cash")
          .put("account", move.account().toLowerHex())
          .put("system", move.system().name())
          .put("usd", move.usd().toString())
          .put("requestId", move.requestId());
    }
    if (command instanceof PartitionCommand.CloseFunding
        || command instanceof PartitionCommand.SettleFunding) {
      return funding(command);
    }
    if (command instanceof PartitionCommand.CompleteLiquidation complete) {
      return liquidation(complete);
    }
    PartitionCommand.ProvenBalance proven = (PartitionCommand.ProvenBalance) command;
    return JSON.createObjectNode()
        .put("type", "proven-balance")
        .put("account", proven.account().toLowerHex())
        .put("chainId", proven.key().chainId())
        .put("asset", proven.key().asset())
        .put("balance", proven.balance().toString())
        .put("requestId", proven.requestId());
  }

  private static ObjectNode liquidation(PartitionCommand.CompleteLiquidation complete) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("type", "complete-liquidation")
            .put("account", complete.account().toLowerHex())
            .put("liquidation", complete.liquidation());
    complete
        .takeover()
        .ifPresent(
            t -> {
              ObjectNode bid = n.putObject("takeover").put("taker", t.taker().toLowerHex());
              ObjectNode prices = bid.putObject("prices");
              new java.util.TreeMap<>(t.prices()).forEach((m, p) -> prices.put(m, p.toString()));
            });
    return n;
  }

  private static PartitionCommand.CompleteLiquidation liquidation(JsonNode n) {
    java.util.Optional<Takeover> takeover = java.util.Optional.empty();
    JsonNode bid = n.path("takeover");
    if (bid.isObject()) {
      java.util.Map<String, BigInteger> prices = new java.util.HashMap<>();
      bid.required("prices")
          .fields()
          .forEachRemaining(e -> prices.put(e.getKey(), new BigInteger(e.getValue().textValue())));
      takeover =
          java.util.Optional.of(
              new Takeover(Address.parse(bid.required("taker").textValue()), prices));
    }
    return new PartitionCommand.CompleteLiquidation(
        account(n), n.required("liquidation").longValue(), takeover);
  }

  /** The funding clock's commands, to one partition each. */
  private static ObjectNode funding(PartitionCommand command) {
    if (command instanceof PartitionCommand.CloseFunding close) {
      return JSON.createObjectNode()
          .put("type", "close-funding")
          .put("partition", close.partition())
          .put("market", close.market())
          .put("intervalEnd", close.intervalEnd());
    }
    PartitionCommand.SettleFunding settle = (PartitionCommand.SettleFunding) command;
    return JSON.createObjectNode()
        .put("type", "settle-funding")
        .put("partition", settle.partition())
        .put("market", settle.market())
        .put("intervalEnd", settle.intervalEnd())
        .put("index", settle.index().toString())
        .put("rate", settle.rate().toString());
  }

  /**
   * @throws IllegalArgumentException for a record that is not a command
   */
  public static PartitionCommand read(byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      String type = n.path("type").asText();
      switch (type) {
        case "book-trade":
          return bookTrade(n);
        case "apply-leg":
          OutboundLeg entry = OutboundLegJson.read(n.required("entry"));
          return PartitionCommand.ApplyLeg.of(entry);
        case "close-funding":
          return new PartitionCommand.CloseFunding(
              n.required("partition").intValue(),
              n.required("market").textValue(),
              n.required("intervalEnd").longValue());
        case "settle-funding":
          return new PartitionCommand.SettleFunding(
              n.required("partition").intValue(),
              n.required("market").textValue(),
              n.required("intervalEnd").longValue(),
              ReservationJson.amount(n, "index"),
              ReservationJson.amount(n, "rate"));
        default:
          return accountCommand(type, n);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException bad) {
        throw bad;
      }
      throw new IllegalArgumentException("unreadable ledger command: " + e.getMessage(), e);
    }
  }

  private static PartitionCommand bookTrade(JsonNode n) {
    return new PartitionCommand.BookTrade(
        n.required("tradeId").textValue(),
        new Trade(
            n.required("market").textValue(),
            Address.parse(n.required("taker").textValue()),
            Address.parse(n.required("maker").textValue()),
            new BigInteger(n.required("takerDelta").textValue()),
            new BigInteger(n.required("price").textValue()),
            new BigInteger(n.required("makerFee").textValue()),
            new BigInteger(n.required("protocolFee").textValue())));
  }

  /** The commands about one account's margin, collateral or cash. */
  private static PartitionCommand accountCommand(String type, JsonNode n) {
    switch (type) {
      case "reserve":
        return new PartitionCommand.Reserve(ReservationJson.read(n.required("reservation")));
      case "reprice":
        return new PartitionCommand.Reprice(ReservationJson.read(n.required("reservation")));
      case "release":
        return new PartitionCommand.Release(
            account(n),
            intent(n),
            n.required("terminal").booleanValue(),
            n.path("request").isTextual() ? n.path("request").textValue() : null);
      case "payout":
        return new PartitionCommand.Payout(account(n), intent(n));
      case "proven-balance":
        return new PartitionCommand.ProvenBalance(
            account(n),
            collateral(n),
            ReservationJson.amount(n, "balance"),
            n.required("requestId").textValue());
      case "adjust-collateral":
        return new PartitionCommand.AdjustCollateral(
            account(n),
            collateral(n),
            ReservationJson.amount(n, "delta"),
            n.required("requestId").textValue());
      case "complete-liquidation":
        return liquidation(n);
      case "move-cash":
        return new PartitionCommand.MoveCash(
            account(n),
            SystemShards.Role.valueOf(n.required("system").textValue()),
            ReservationJson.amount(n, "usd"),
            n.required("requestId").textValue());
      default:
        throw new IllegalArgumentException("not a ledger command: type " + type);
    }
  }

  private static Address account(JsonNode n) {
    return Address.parse(n.required("account").textValue());
  }

  private static OrderId intent(JsonNode n) {
    return OrderId.parse(n.required("intent").textValue());
  }

  private static CollateralKey collateral(JsonNode n) {
    return new CollateralKey(n.required("chainId").longValue(), n.required("asset").textValue());
  }
}
