package io.omnimargin.cluster.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.protocol.types.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A ledger partition's record on the wire: {@code {"type":"book-trade","tradeId",...trade}} or
 * {@code {"type":"apply-leg",...leg}}, amounts as exact decimal integers.
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
    } else {
      PartitionCommand.ApplyLeg apply = (PartitionCommand.ApplyLeg) command;
      // the outbox entry's form, its partition the one the record is on
      ObjectNode n = JSON.createObjectNode().put("type", "apply-leg");
      n.set("entry", OutboundLegJson.node(new OutboundLeg(-1, apply.leg())));
      json = n.toString();
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws IllegalArgumentException for a record that is not a command
   */
  public static PartitionCommand read(byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      String type = n.path("type").asText();
      if ("apply-leg".equals(type)) {
        return new PartitionCommand.ApplyLeg(OutboundLegJson.read(n.required("entry")).leg());
      }
      if (!"book-trade".equals(type)) {
        throw new IllegalArgumentException("not a ledger command: type " + type);
      }
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
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException bad) {
        throw bad;
      }
      throw new IllegalArgumentException("unreadable ledger command: " + e.getMessage(), e);
    }
  }
}
