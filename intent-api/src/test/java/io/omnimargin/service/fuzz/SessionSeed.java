package io.omnimargin.service.fuzz;

import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.service.support.SessionSocket;
import java.util.Set;

/**
 * Every message type of the session protocol, as a valid message the fuzzer mutates: what a solver
 * sends (hello, bid, decline, fill), what only the hub sends (which a solver sending it must be
 * told is not for the hub), and a type nobody defined.
 */
enum SessionSeed {
  HELLO,
  BID,
  DECLINE,
  FILL,
  LIQUIDATION_BID,
  CHALLENGE,
  WELCOME,
  AUCTION,
  QUOTE,
  AWARD,
  LIQUIDATION,
  TAKEOVER,
  BID_REJECTED,
  LIQUIDATION_BID_REJECTED,
  FILL_RESULT,
  ERROR,
  UNKNOWN;

  /** Session messages may be up to 256 KiB. */
  static final int LIMIT = 262_144;

  /** The message, for a session whose challenge is {@code challenge}. */
  String body(Fixture f, Bytes32 challenge) {
    String x = f.x.toHex();
    Address solver = Fixture.SOLVER.address();
    return switch (this) {
      case HELLO -> SessionSocket.helloMessage(Fixture.SOLVER, Fixture.SOLVER, challenge, -1);
      case BID -> f.bidOn(f.x).toString();
      case DECLINE -> "{\"type\":\"decline\",\"orderId\":\"" + x + "\"}";
      case FILL -> SignedBodies.fill(Fixture.SOLVER, f.z, 1, 2995).toString();
      case LIQUIDATION_BID -> f.liquidationBid().toString();
      case CHALLENGE -> encode(new SessionMessage.Challenge(challenge));
      case WELCOME -> encode(new SessionMessage.Welcome(solver, -1));
      case AUCTION, QUOTE, AWARD -> feed(name().toLowerCase(java.util.Locale.ROOT), x, null);
      case LIQUIDATION, TAKEOVER -> feed(name().toLowerCase(java.util.Locale.ROOT), null, terms());
      case BID_REJECTED -> encode(new SessionMessage.BidRejected(f.x, "bad-signature"));
      case LIQUIDATION_BID_REJECTED ->
          encode(new SessionMessage.LiquidationBidRejected(1, "not-found"));
      case FILL_RESULT -> encode(new SessionMessage.FillResult(f.z, "FILLED"));
      case ERROR -> encode(new SessionMessage.Error("internal-error", "x", "bid", x));
      case UNKNOWN -> "{\"type\":\"subscribe\",\"orderId\":\"" + x + "\"}";
    };
  }

  /** As a {@link Seed} for the body mutations: hello's {@code after} may be left out. */
  Seed seed(Fixture f, Bytes32 challenge) {
    return new Seed(
        name(),
        null,
        null,
        body(f, challenge),
        this == HELLO ? Set.of("/after") : Set.of(),
        null,
        LIMIT);
  }

  /**
   * Whether the hub always answers this message, from its pool, so possibly after the messages that
   * follow it (a hello, a fill).
   */
  boolean answeredOffTheLoop() {
    return this == HELLO || this == FILL;
  }

  /** Whether the hub reads it on its pool, answering only a refusal (a takeover bid). */
  boolean refusedOffTheLoop() {
    return this == LIQUIDATION_BID;
  }

  /** Whether a solver may send it to the hub after its hello. */
  boolean forTheHub() {
    return this == BID || this == DECLINE || this == FILL || this == LIQUIDATION_BID;
  }

  private static String encode(SessionMessage m) {
    return SignedBodies.CODEC.encode(m);
  }

  private static String feed(String type, String orderId, SessionMessage.LiquidationTerms terms) {
    return SignedBodies.CODEC.encode(
        new SessionMessage.FeedEvent(
            7,
            type,
            orderId,
            "ETH-PERP",
            "buy",
            "1",
            "3000",
            "10",
            1,
            2,
            "2995",
            "1",
            null,
            terms));
  }

  private static SessionMessage.LiquidationTerms terms() {
    return new SessionMessage.LiquidationTerms(
        1,
        Fixture.TRADER.address().toChecksumHex(),
        java.util.List.of(new SessionMessage.OfferedPosition("ETH-PERP", "1", "3000", "2900")));
  }
}
