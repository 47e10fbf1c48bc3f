package io.omnimargin.hub.auction;

import io.omnimargin.auction.book.Auction;
import java.time.Duration;

/**
 * How auctions run, from configuration.
 *
 * @param window how long bids are taken
 * @param fillWindow how long the winner has to report its fill
 * @param marginGate whether the award re-runs the trader's margin check at the winning price
 * @param maxRejectedBids refused and replaced bids one auction keeps for its public record
 */
public record AuctionSettings(
    Duration window, Duration fillWindow, boolean marginGate, int maxRejectedBids) {

  public AuctionSettings(Duration window, Duration fillWindow, boolean marginGate) {
    this(window, fillWindow, marginGate, Auction.DEFAULT_MAX_REJECTED_KEPT);
  }
}
