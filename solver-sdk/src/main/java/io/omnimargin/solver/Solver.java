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

  /** The session is up: the hub welcomed it, at the first connection or after a reconnect. */
  default void onConnected() {}

  /**
   * The session dropped (not by {@link SolverClient#close}); the client reconnects with backoff and
   * resumes after the last event it saw.
   */
  default void onDisconnected() {}
}
