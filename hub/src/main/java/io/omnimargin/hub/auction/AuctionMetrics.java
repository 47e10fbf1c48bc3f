package io.omnimargin.hub.auction;

/** What the auction house measures; the service records it in its metrics registry. */
@FunctionalInterface
public interface AuctionMetrics {

  /**
   * From the moment an auction may close (its window ended, or every connected solver answered) to
   * the award sent to the winner.
   */
  void awardLatency(long nanos);

  AuctionMetrics NONE = nanos -> {};
}
