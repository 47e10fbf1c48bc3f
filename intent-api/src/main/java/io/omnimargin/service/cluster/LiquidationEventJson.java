package io.omnimargin.service.cluster;

import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.protocol.types.Address;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A liquidation's start or outcome, as the replica whose partition engine ran it hands it to the
 * ledger owner's desk: {@code type} is {@code started} (the offers) or {@code completed} (taker,
 * prices, penalty, deficit, deleverage steps); amounts are exact decimal integers (wad), the id a
 * string.
 */
final class LiquidationEventJson {
  private LiquidationEventJson() {}

  static JsonObject write(MarginEvent event) {
    if (event instanceof MarginEvent.LiquidationStarted s) {
      JsonArray offers = new JsonArray();
      for (MarginEvent.Offer o : s.offers()) {
        offers.add(
            new JsonObject()
                .put("market", o.market())
                .put("size", o.size().toString())
                .put("mark", o.mark().toString())
                .put("bankruptcyPrice", o.bankruptcyPrice().toString()));
      }
      return head("started", s.owner(), s.at(), s.id(), s.avMaintenance(), s.mmr(), s.cause())
          .put("offers", offers);
    }
    MarginEvent.Liquidation d = (MarginEvent.Liquidation) event;
    JsonObject prices = new JsonObject();
    d.prices().forEach((market, price) -> prices.put(market, price.toString()));
    JsonArray steps = new JsonArray();
    for (MarginEvent.AdlStep step : d.deleveraged()) {
      steps.add(
          new JsonObject()
              .put("market", step.market())
              .put("counterparty", step.counterparty().toLowerHex())
              .put("size", step.size().toString())
              .put("price", step.price().toString()));
    }
    return head("completed", d.owner(), d.at(), d.id(), d.avMaintenance(), d.mmr(), d.cause())
        .put("taker", d.taker() == null ? null : d.taker().toLowerHex())
        .put("prices", prices)
        .put("penalty", d.penalty().toString())
        .put("deficit", d.deficit().toString())
        .put("deleveraged", steps);
  }

  private static JsonObject head(
      String type,
      Address owner,
      long at,
      long id,
      BigInteger avMaintenance,
      BigInteger mmr,
      String cause) {
    return new JsonObject()
        .put("type", type)
        .put("account", owner.toLowerHex())
        .put("at", at)
        .put("id", Long.toString(id))
        .put("avMaintenance", avMaintenance.toString())
        .put("mmr", mmr.toString())
        .put("cause", cause);
  }

  /**
   * @throws IllegalArgumentException when a field is missing or malformed
   */
  static MarginEvent read(JsonObject n) {
    try {
      Address owner = Address.parse(required(n, "account"));
      long at = n.getLong("at");
      long id = Long.parseLong(required(n, "id"));
      BigInteger avMaintenance = amount(n, "avMaintenance");
      BigInteger mmr = amount(n, "mmr");
      String cause = required(n, "cause");
      String type = required(n, "type");
      if (type.equals("started")) {
        List<MarginEvent.Offer> offers = new ArrayList<>();
        for (Object o : n.getJsonArray("offers")) {
          JsonObject offer = (JsonObject) o;
          offers.add(
              new MarginEvent.Offer(
                  required(offer, "market"),
                  amount(offer, "size"),
                  amount(offer, "mark"),
                  amount(offer, "bankruptcyPrice")));
        }
        if (offers.isEmpty()) {
          throw new IllegalArgumentException("a liquidation offers at least one position");
        }
        return new MarginEvent.LiquidationStarted(owner, at, id, offers, avMaintenance, mmr, cause);
      }
      if (!type.equals("completed")) {
        throw new IllegalArgumentException("type is started or completed, not " + type);
      }
      Map<String, BigInteger> prices = new HashMap<>();
      n.getJsonObject("prices")
          .forEach(e -> prices.put(e.getKey(), new BigInteger((String) e.getValue())));
      List<MarginEvent.AdlStep> steps = new ArrayList<>();
      for (Object o : n.getJsonArray("deleveraged")) {
        JsonObject step = (JsonObject) o;
        steps.add(
            new MarginEvent.AdlStep(
                required(step, "market"),
                Address.parse(required(step, "counterparty")),
                amount(step, "size"),
                amount(step, "price")));
      }
      String taker = n.getString("taker");
      return new MarginEvent.Liquidation(
          owner,
          at,
          id,
          avMaintenance,
          mmr,
          taker == null ? null : Address.parse(taker),
          prices,
          amount(n, "penalty"),
          amount(n, "deficit"),
          steps,
          cause);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a liquidation event: " + e.getMessage(), e);
    }
  }

  private static BigInteger amount(JsonObject n, String field) {
    return new BigInteger(required(n, field));
  }

  private static String required(JsonObject n, String field) {
    String value = n.getString(field);
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value;
  }
}
