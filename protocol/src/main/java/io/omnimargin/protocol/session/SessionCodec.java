package io.omnimargin.protocol.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.SignatureException;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.OrderId;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads {@link SessionMessage}s: one JSON object per message, several per frame
 * separated by {@code \n}. Reading is strict and says which field is wrong ({@link
 * MalformedMessage}); the hub answers such a message with an {@code error}.
 */
public final class SessionCodec {
  private final ObjectMapper json;

  /** More positions than any account holds markets: a bid that lists more is refused unread. */
  static final int MAX_POSITIONS = 64;

  private final SessionFields fields = new SessionFields();

  /**
   * @param json the mapper of whoever speaks (the service injects its one mapper)
   */
  public SessionCodec(ObjectMapper json) {
    this.json = json;
  }

  /** The messages of one text frame, blank lines skipped. */
  public static List<String> lines(String frame) {
    List<String> lines = new ArrayList<>();
    for (String line : frame.split("\n")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }

  public String encode(SessionMessage message) {
    return write(message).toString();
  }

  /** The message as a JSON object (also the body of the HTTP bid and fill endpoints). */
  public ObjectNode write(SessionMessage message) {
    ObjectNode m = json.createObjectNode();
    if (message instanceof SessionMessage.FeedEvent e) {
      return feedEvent(m, e);
    }
    m.put("type", message.type());
    if (message instanceof SessionMessage.Challenge c) {
      m.put("challenge", c.challenge().toHex());
    } else if (message instanceof SessionMessage.Hello h) {
      m.put("solver", h.solver().toChecksumHex());
      m.put("signature", h.signature().toHex());
      m.put("after", h.after());
    } else if (message instanceof SessionMessage.Welcome w) {
      m.put("solver", w.solver().toChecksumHex());
      m.put("after", w.after());
    } else if (message instanceof SessionMessage.Bid b) {
      bid(m.putObject("bid"), b.bid());
      m.put("signature", b.signature().toHex());
    } else if (message instanceof SessionMessage.Decline d) {
      m.put("orderId", d.orderId().toHex());
    } else if (message instanceof SessionMessage.Fill f) {
      fill(m.putObject("fill"), f.fill());
      m.put("signature", f.signature().toHex());
    } else if (message instanceof SessionMessage.TakeoverBid t) {
      liquidationBid(m.putObject("bid"), t.bid());
      m.put("signature", t.signature().toHex());
    } else {
      answer(m, message);
    }
    return m;
  }

  private static void answer(ObjectNode m, SessionMessage message) {
    if (message instanceof SessionMessage.BidRejected r) {
      m.put("orderId", r.orderId().toHex());
      m.put("reason", r.reason());
    } else if (message instanceof SessionMessage.FillResult r) {
      m.put("orderId", r.orderId().toHex());
      m.put("outcome", r.outcome());
    } else if (message instanceof SessionMessage.LiquidationBidRejected r) {
      m.put("liquidationId", r.liquidationId());
      m.put("reason", r.reason());
    } else if (message instanceof SessionMessage.Error e) {
      m.put("code", e.code());
      m.put("detail", e.detail());
      if (e.field() != null) {
        m.put("field", e.field());
      }
      if (e.orderId() != null) {
        m.put("orderId", e.orderId());
      }
    }
  }

  private static ObjectNode feedEvent(ObjectNode m, SessionMessage.FeedEvent e) {
    m.put("seq", e.seq());
    m.put("type", e.type());
    m.put("orderId", e.orderId());
    m.put("market", e.market());
    m.put("side", e.side());
    m.put("size", e.size());
    m.put("limitPrice", e.limitPrice());
    m.put("maxFee", e.maxFee());
    m.put("closesAt", e.closesAt());
    m.put("fillDeadline", e.fillDeadline());
    m.put("price", e.price());
    m.put("fee", e.fee());
    m.put("to", e.to());
    if (e.liquidation() != null) {
      terms(m.putObject("liquidation"), e.liquidation());
    }
    return m;
  }

  private static void terms(ObjectNode t, SessionMessage.LiquidationTerms terms) {
    t.put("id", terms.id());
    t.put("account", terms.account());
    ArrayNode positions = t.putArray("positions");
    for (SessionMessage.OfferedPosition p : terms.positions()) {
      positions
          .addObject()
          .put("market", p.market())
          .put("size", p.size())
          .put("mark", p.mark())
          .put("bankruptcyPrice", p.bankruptcyPrice());
    }
  }

  private static void liquidationBid(ObjectNode b, LiquidationBid bid) {
    b.put("liquidationId", bid.liquidationId());
    b.put("account", bid.account().toChecksumHex());
    b.put("solver", bid.solver().toChecksumHex());
    ArrayNode positions = b.putArray("positions");
    for (LiquidationBid.TakenPosition p : bid.positions()) {
      positions
          .addObject()
          .put("market", p.market().symbol())
          .put("size", p.size().toString())
          .put("price", p.price().toBigInteger().toString());
    }
    b.put("validUntil", bid.validUntil());
  }

  private static void bid(ObjectNode b, SolverBid bid) {
    b.put("orderId", bid.orderId().toHex());
    b.put("solver", bid.solver().toChecksumHex());
    b.put("price", bid.price().toBigInteger().toString());
    b.put("fee", bid.fee().toBigInteger().toString());
    b.put("validUntil", bid.validUntil());
  }

  private static void fill(ObjectNode f, FillReport fill) {
    f.put("orderId", fill.orderId().toHex());
    f.put("solver", fill.solver().toChecksumHex());
    f.put("venueChainId", Long.toString(fill.venueChainId()));
    f.put("txHash", fill.txHash().toHex());
    f.put("size", fill.size().toBigInteger().toString());
    f.put("price", fill.price().toBigInteger().toString());
  }

  /**
   * Reads one message.
   *
   * @throws MalformedMessage when it is not JSON, has an unknown type or a field is wrong
   */
  public SessionMessage decode(String line) {
    return read(parse(line));
  }

  /** Parses a JSON object, or says why not. */
  public JsonNode parse(String text) {
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedMessage(
          MalformedMessage.Kind.MALFORMED_JSON, null, "the body is not JSON", null);
    }
    if (node == null || !node.isObject()) {
      throw new MalformedMessage(
          MalformedMessage.Kind.MALFORMED_JSON, null, "the body must be a JSON object", null);
    }
    return node;
  }

  /** Reads a parsed message by its {@code type}. */
  public SessionMessage read(JsonNode m) {
    String type = m.path("type").asText();
    try {
      return switch (type) {
        case "challenge" ->
            new SessionMessage.Challenge(fields.bytes32(m, "challenge", "challenge"));
        case "hello" ->
            new SessionMessage.Hello(fields.address(m, "solver", "solver"), signature(m), after(m));
        case "welcome" ->
            new SessionMessage.Welcome(fields.address(m, "solver", "solver"), after(m));
        case "auction", "quote", "award", "liquidation", "takeover" ->
            json.treeToValue(m, SessionMessage.FeedEvent.class);
        case "bid" -> bid(m);
        case "decline" -> new SessionMessage.Decline(fields.orderId(m, "orderId", "orderId"));
        case "fill" -> fill(m);
        case "liquidation-bid" -> takeoverBid(m);
        case "liquidation-bid-rejected" ->
            new SessionMessage.LiquidationBidRejected(
                fields.uint(m, "liquidationId", "liquidationId", Long.MAX_VALUE),
                fields.text(m, "reason", "reason"));
        case "bid-rejected" ->
            new SessionMessage.BidRejected(
                fields.orderId(m, "orderId", "orderId"), fields.text(m, "reason", "reason"));
        case "fill-result" ->
            new SessionMessage.FillResult(
                fields.orderId(m, "orderId", "orderId"), fields.text(m, "outcome", "outcome"));
        case "error" ->
            new SessionMessage.Error(
                m.path("code").asText("error"),
                m.path("detail").asText(),
                m.path("field").asText(null),
                m.path("orderId").asText(null));
        default ->
            throw new MalformedMessage(
                MalformedMessage.Kind.INVALID_FIELD, "type", "unknown message type: " + type, null);
      };
    } catch (MalformedMessage e) {
      throw e.about(m.path("bid").path("orderId").asText(m.path("orderId").asText(null)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new MalformedMessage(
          MalformedMessage.Kind.INVALID_FIELD, null, "unreadable " + type + " event", null);
    }
  }

  /**
   * A feed position: absent for -1 (from now), else a whole JSON number from -1 up. Anything else
   * is refused, not read as some number ({@code "abc"}, {@code true} and {@code 2.9} would be).
   */
  private static long after(JsonNode m) {
    JsonNode after = m.get("after");
    if (after == null) {
      return -1;
    }
    if (!after.isIntegralNumber() || !after.canConvertToLong() || after.asLong() < -1) {
      throw new MalformedMessage(
          MalformedMessage.Kind.INVALID_FIELD,
          "after",
          "after must be a whole number, -1 for from now",
          null);
    }
    return after.asLong();
  }

  /** {@code {"bid": {"orderId", "solver", "price", "fee", "validUntil"}, "signature"}}. */
  public SessionMessage.Bid bid(JsonNode root) {
    JsonNode b = fields.object(root, "bid");
    return new SessionMessage.Bid(
        new SolverBid(
            fields.orderId(b, "orderId", "bid.orderId"),
            fields.address(b, "solver", "bid.solver"),
            fields.uint(b, "price", "bid.price"),
            fields.uint(b, "fee", "bid.fee"),
            fields.uint(b, "validUntil", "bid.validUntil", 0xffff_ffffL)),
        signature(root));
  }

  /** {@code {"fill": {"orderId", "solver", "venueChainId", "txHash", "size", "price"}, …}}. */
  public SessionMessage.Fill fill(JsonNode root) {
    JsonNode f = fields.object(root, "fill");
    return new SessionMessage.Fill(
        new FillReport(
            fields.orderId(f, "orderId", "fill.orderId"),
            fields.address(f, "solver", "fill.solver"),
            fields.uint(f, "venueChainId", "fill.venueChainId", Long.MAX_VALUE),
            fields.bytes32(f, "txHash", "fill.txHash"),
            fields.uint(f, "size", "fill.size"),
            fields.uint(f, "price", "fill.price")),
        signature(root));
  }

  /**
   * {@code {"bid": {"liquidationId", "account", "solver", "positions": [{"market", "size",
   * "price"}], "validUntil"}, "signature"}}: sizes are signed decimals, the rest as in {@link
   * #bid}.
   */
  public SessionMessage.TakeoverBid takeoverBid(JsonNode root) {
    JsonNode b = fields.object(root, "bid");
    JsonNode list = b.get("positions");
    if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_POSITIONS) {
      throw new MalformedMessage(
          MalformedMessage.Kind.INVALID_FIELD,
          "bid.positions",
          "bid.positions must list 1 to " + MAX_POSITIONS + " positions",
          null);
    }
    List<LiquidationBid.TakenPosition> positions = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      positions.add(takenPosition(list.get(i), "bid.positions[" + i + "]"));
    }
    try {
      return new SessionMessage.TakeoverBid(
          new LiquidationBid(
              fields.uint(b, "liquidationId", "bid.liquidationId", Long.MAX_VALUE),
              fields.address(b, "account", "bid.account"),
              fields.address(b, "solver", "bid.solver"),
              positions,
              fields.uint(b, "validUntil", "bid.validUntil", 0xffff_ffffL)),
          signature(root));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessage(
          MalformedMessage.Kind.INVALID_FIELD, "bid.positions", e.getMessage(), null);
    }
  }

  private LiquidationBid.TakenPosition takenPosition(JsonNode p, String path) {
    if (p == null || !p.isObject()) {
      throw new MalformedMessage(
          MalformedMessage.Kind.INVALID_FIELD, path, path + " must be an object", null);
    }
    try {
      return new LiquidationBid.TakenPosition(
          new MarketSymbol(fields.text(p, "market", path + ".market")),
          fields.signed(p, "size", path + ".size"),
          fields.uint(p, "price", path + ".price"));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessage(MalformedMessage.Kind.INVALID_FIELD, path, e.getMessage(), null);
    }
  }

  /**
   * The message's {@code signature}, parsed by {@link Signature#parse} (the one parser): 65 bytes
   * of hex with r, s and v in range, or {@code bad-signature}; an upper-half s is {@code high-s}.
   */
  public Signature signature(JsonNode root) {
    String text = fields.text(root, "signature", "signature");
    try {
      return Signature.parse(text);
    } catch (SignatureException e) {
      throw new MalformedMessage(
          e.kind() == SignatureException.Kind.HIGH_S
              ? MalformedMessage.Kind.HIGH_S
              : MalformedMessage.Kind.BAD_SIGNATURE,
          "signature",
          e.getMessage(),
          null);
    }
  }

  /** An order id field, or {@code invalid-field}. */
  public OrderId orderId(JsonNode node, String field) {
    return fields.orderId(node, field, field);
  }
}
