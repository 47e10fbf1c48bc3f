package io.omnimargin.hub.auction;

import java.time.Duration;

/**
 * How auctions run, from configuration.
 *
 * @param window how long bids are taken
 * @param fillWindow how long the winner has to report its fill
 * @param marginGate whether the award re-runs the trader's margin check at the winning price
 */
public record AuctionSettings(Duration window, Duration fillWindow, boolean marginGate) {}
