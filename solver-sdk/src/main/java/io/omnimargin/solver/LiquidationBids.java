package io.omnimargin.solver;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Digits;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The client's side of liquidation auctions: turns {@code liquidation} and {@code takeover} feed
 * events into {@link LiquidationOffer}s for the {@link Solver}, signs what it bids as an EIP-712
 * {@code LiquidationBid} over every offered position, and hands refusals back with their offer.
 * Called on the client's worker threads.
 */
final class LiquidationBids {
  private final PrivateKey key;
  private final Eip712Domain domain;
  private final Solver solver;
  private final Consumer<SessionMessage> session;

  /** Liquidations bid on lately, so that a refusal that comes back can name its offer. */
  private final Map<Long, LiquidationOffer> bidOn =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, LiquidationOffer> eldest) {
              return size() > 1024;
            }
          });

  LiquidationBids(
      PrivateKey key, Eip712Domain domain, Solver solver, Consumer<SessionMessage> session) {
    this.key = key;
    this.domain = domain;
    this.solver = solver;
    this.session = session;
  }

  /** A {@code liquidation} event: asks the solver, sends its bid if it makes one. */
  void offered(SessionMessage.FeedEvent e) {
    LiquidationOffer offer = offer(e);
    Optional<TakeoverBid> bid = solver.onLiquidation(offer);
    if (bid.isPresent()) {
      bidOn.put(offer.id(), offer);
      session.accept(signed(offer, bid.get()));
    }
  }

  /** A {@code takeover} event: the solver's bid won. */
  void tookOver(SessionMessage.FeedEvent e) {
    solver.onTakeover(offer(e));
  }

  /** Tells the solver of a refused bid, if it bid on that liquidation. */
  boolean rejected(SessionMessage.LiquidationBidRejected r) {
    LiquidationOffer offer = bidOn.remove(r.liquidationId());
    if (offer == null) {
      return false;
    }
    solver.onLiquidationBidRejected(
        offer,
        new SolverException(0, r.reason(), r.reason(), "the hub refused the liquidation bid"));
    return true;
  }

  /**
   * The bid signed over every offered position at its size.
   *
   * @throws IllegalArgumentException if the bid leaves an offered market unpriced
   */
  SessionMessage.TakeoverBid signed(LiquidationOffer offer, TakeoverBid bid) {
    List<LiquidationBid.TakenPosition> taken = new ArrayList<>();
    for (LiquidationOffer.Position p : offer.positions()) {
      BigInteger price = bid.prices().get(p.market());
      if (price == null) {
        throw new IllegalArgumentException("a takeover bid prices every position: " + p.market());
      }
      taken.add(
          new LiquidationBid.TakenPosition(
              new MarketSymbol(p.market()), p.size(), Uint256.of(price)));
    }
    LiquidationBid signed =
        new LiquidationBid(offer.id(), offer.account(), key.address(), taken, bid.validUntil());
    return new SessionMessage.TakeoverBid(signed, key.sign(signed.digest(domain)));
  }

  static LiquidationOffer offer(SessionMessage.FeedEvent e) {
    SessionMessage.LiquidationTerms t = e.liquidation();
    return new LiquidationOffer(
        t.id(),
        Address.parse(t.account()),
        t.positions().stream()
            .map(
                p ->
                    new LiquidationOffer.Position(
                        p.market(),
                        signed(p.size()),
                        number(p.mark()),
                        number(p.bankruptcyPrice())))
            .toList(),
        Instant.ofEpochMilli(e.closesAt()));
  }

  private static BigInteger number(String decimal) {
    return Digits.unsigned(decimal, Digits.UINT256_DIGITS);
  }

  private static BigInteger signed(String decimal) {
    return decimal.startsWith("-") ? number(decimal.substring(1)).negate() : number(decimal);
  }
}
