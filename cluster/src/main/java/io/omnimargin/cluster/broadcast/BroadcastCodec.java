package io.omnimargin.cluster.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.valuation.Price;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

/**
 * The inputs every replica must see, as broadcast records. The key names what a record replaces
 * (compaction keeps the latest per key): one price per asset and source, one state per route.
 */
public final class BroadcastCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BroadcastCodec() {}

  /** True for the inputs that go to every replica: price ticks and route health. */
  public static boolean isBroadcast(EngineInput input) {
    return input instanceof EngineInput.PriceTick || input instanceof EngineInput.RouteHealth;
  }

  public static String key(EngineInput input) {
    if (input instanceof EngineInput.PriceTick t) {
      return "price/" + t.asset() + "/" + t.source();
    }
    if (input instanceof EngineInput.RouteHealth r) {
      return "route/" + r.chainId();
    }
    throw new IllegalArgumentException("not a broadcast input: " + input);
  }

  public static byte[] encode(EngineInput input) {
    ObjectNode node = JSON.createObjectNode();
    if (input instanceof EngineInput.PriceTick t) {
      node.put("type", "price")
          .put("asset", t.asset())
          .put("usd", t.price().usd().toString())
          .put("publishTime", t.price().publishTime())
          .put("source", t.source());
    } else if (input instanceof EngineInput.RouteHealth r) {
      node.put("type", "route")
          .put("chainId", r.chainId())
          .put("live", r.live())
          .put("reason", r.reason());
    } else {
      throw new IllegalArgumentException("not a broadcast input: " + input);
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static EngineInput decode(byte[] value) {
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable broadcast record", e);
    }
    String type = node.path("type").asText();
    return switch (type) {
      case "price" ->
          new EngineInput.PriceTick(
              node.get("asset").asText(),
              new Price(new BigInteger(node.get("usd").asText()), node.get("publishTime").asLong()),
              node.get("source").asText());
      case "route" ->
          new EngineInput.RouteHealth(
              node.get("chainId").asLong(),
              node.get("live").asBoolean(),
              node.get("reason").asText());
      default -> throw new IllegalArgumentException("unknown broadcast record type " + type);
    };
  }
}
