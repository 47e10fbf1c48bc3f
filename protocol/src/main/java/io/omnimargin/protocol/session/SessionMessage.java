package io.omnimargin.protocol.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import java.util.List;

/**
 * Every message of the solver session socket, in both directions: one JSON object per message with
 * its {@code type}, several per text frame separated by {@code \n} (see {@link SessionCodec}). The
 * hub, the SDK and the load driver all speak through these types, so the protocol is written down
 * once.
 */
public sealed interface SessionMessage {

  /** The wire {@code type} of the message. */
  String type();

  /** Hub → solver, first: the 32 random bytes the hello must sign. */
  record Challenge(Bytes32 challenge) implements SessionMessage {
    @Override
    public String type() {
      return "challenge";
    }
  }

  /**
   * Solver → hub: an EIP-712 {@code SolverSession(solver, challenge)} signature; {@code after}
   * resumes the feed after that event (-1: from now).
   */
  record Hello(Address solver, Signature signature, long after) implements SessionMessage {
    @Override
    public String type() {
      return "hello";
    }
  }

  /** Hub → solver: the session is open; the feed starts after event {@code after}. */
  record Welcome(Address solver, long after) implements SessionMessage {
    @Override
    public String type() {
      return "welcome";
    }
  }

  /**
   * Hub → solver: a feed event ({@code auction}, {@code quote}, {@code award}, {@code liquidation}
   * or {@code takeover}) with its cluster-wide number. Amounts are decimal uint256 strings (18
   * decimals); {@code to} is null for a broadcast. A {@code liquidation} (to all) or {@code
   * takeover} (to the solver that won it) carries its {@code liquidation} terms and no order; the
   * other events carry no {@code liquidation}. The same object is the data of the SSE stream's
   * events.
   */
  record FeedEvent(
      long seq,
      String type,
      String orderId,
      String market,
      String side,
      String size,
      String limitPrice,
      String maxFee,
      long closesAt,
      long fillDeadline,
      String price,
      String fee,
      String to,
      @JsonInclude(JsonInclude.Include.NON_NULL) LiquidationTerms liquidation)
      implements SessionMessage {

    /** The same event with its number and addressee. */
    public FeedEvent numbered(long number, Address addressee) {
      return new FeedEvent(
          number,
          type,
          orderId,
          market,
          side,
          size,
          limitPrice,
          maxFee,
          closesAt,
          fillDeadline,
          price,
          fee,
          addressee == null ? null : addressee.toChecksumHex(),
          liquidation);
    }
  }

  /**
   * A liquidation's offer: liquidation {@code id} of {@code account} (a checksum address) places
   * these positions, bids closing at the event's {@code closesAt}.
   */
  record LiquidationTerms(long id, String account, List<OfferedPosition> positions) {
    public LiquidationTerms {
      positions = List.copyOf(positions);
    }
  }

  /**
   * One offered position: the liquidated account's signed {@code size} (the taker takes it on as it
   * is), its {@code mark} and the {@code bankruptcyPrice} no bid may be worse than (a long not
   * taken below it, a short not above it); decimal strings, 18 decimals, the size with a sign.
   */
  record OfferedPosition(String market, String size, String mark, String bankruptcyPrice) {}

  /** Solver → hub: a signed bid to take over a liquidation's positions, as over HTTP. */
  record TakeoverBid(LiquidationBid bid, Signature signature) implements SessionMessage {
    @Override
    public String type() {
      return "liquidation-bid";
    }
  }

  /** Hub → solver: a liquidation bid was refused, with the problem code as the reason. */
  record LiquidationBidRejected(long liquidationId, String reason) implements SessionMessage {
    @Override
    public String type() {
      return "liquidation-bid-rejected";
    }
  }

  /** Solver → hub: a signed bid, as over HTTP. */
  record Bid(SolverBid bid, Signature signature) implements SessionMessage {
    @Override
    public String type() {
      return "bid";
    }
  }

  /** Solver → hub: it will not bid on this auction. */
  record Decline(OrderId orderId) implements SessionMessage {
    @Override
    public String type() {
      return "decline";
    }
  }

  /** Solver → hub: the winner's signed fill report. */
  record Fill(FillReport fill, Signature signature) implements SessionMessage {
    @Override
    public String type() {
      return "fill";
    }
  }

  /** Hub → solver: a bid was refused, with the reason's code. */
  record BidRejected(OrderId orderId, String reason) implements SessionMessage {
    @Override
    public String type() {
      return "bid-rejected";
    }
  }

  /** Hub → solver: what a fill report did ({@code FILLED}, {@code FADED}, …). */
  record FillResult(OrderId orderId, String outcome) implements SessionMessage {
    @Override
    public String type() {
      return "fill-result";
    }
  }

  /**
   * Hub → solver: a message was refused, with a problem code; {@code field} and {@code orderId}
   * when known.
   */
  record Error(String code, String detail, String field, String orderId) implements SessionMessage {
    @Override
    public String type() {
      return "error";
    }
  }
}
