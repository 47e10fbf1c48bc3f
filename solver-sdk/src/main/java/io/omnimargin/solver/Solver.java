package io.omnimargin.solver;

import java.util.Optional;

/**
 * A solver's strategy, called by {@link SolverClient} on its four worker threads (never on the
 * socket), possibly concurrently: keep the calls short and thread-safe. A bid answered after the
 * auction's {@code closesAt} comes back through {@link #onBidRejected} as {@code auction-closed}.
 */
public interface Solver {
  /** An auction opened: a bid, or empty to pass (sent as a decline, so it may close early). */
  Optional<Bid> bid(OpenAuction auction);

  /** A quote request: an indicative price and fee, or empty to stay silent. */
  default Optional<Bid> quote(QuoteRequest request) {
    return Optional.empty();
  }

  /** The solver won an auction: fill it and report the fill, or let the award pass. */
  void onAward(Award award, Filler filler);

  /** A bid the hub refused, with its stable reason code (e.g. {@code price-worse-than-limit}). */
  default void onBidRejected(OpenAuction auction, SolverException reason) {}

  /**
   * A liquidation is offered: a bid that takes over all of its positions at these prices, or empty
   * to let it go (no bid; the auction waits out its window). The best bid for the liquidated
   * account wins if its solver's margin can carry the positions.
   */
  default Optional<TakeoverBid> onLiquidation(LiquidationOffer offer) {
    return Optional.empty();
  }

  /**
   * A liquidation bid the hub refused, with its problem code as the reason (e.g. {@code
   * price-worse-than-bankruptcy}, {@code liquidation-closed}).
   */
  default void onLiquidationBidRejected(LiquidationOffer offer, SolverException reason) {}

  /** The solver's bid won: it now holds the offer's positions at its bid's prices. */
  default void onTakeover(LiquidationOffer offer) {}

  /** The session is up: the hub welcomed it, at the first connection or after a reconnect. */
  default void onConnected() {}

  /**
   * The session dropped (not by {@link SolverClient#close}); the client reconnects with backoff and
   * resumes after the last event it saw.
   */
  default void onDisconnected() {}
}
