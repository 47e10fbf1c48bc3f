package io.omnimargin.hub.auction;

import io.omnimargin.auction.book.Auction;
import java.math.BigInteger;
import java.time.Duration;

/**
 * How auctions run, from configuration.
 *
 * @param window how long bids are taken
 * @param fillWindow how long the winner has to report its fill
 * @param riskChecks whether the award re-runs the trader's margin check at the winning price and
 *     checks the solver's, and bids must lie in the band around the index (the margin gate)
 * @param maxDeviation the band: a bid's price may differ from the index by this fraction (wad)
 * @param takerFeeBasisPoints the protocol's fee on a fill's notional, paid by the trader
 * @param maxRejectedBids refused and replaced bids one auction keeps for its public record
 */
public record AuctionSettings(
    Duration window,
    Duration fillWindow,
    boolean riskChecks,
    BigInteger maxDeviation,
    long takerFeeBasisPoints,
    int maxRejectedBids) {

  /** Without clearing terms: a 5% band, no protocol fee, the default record of refused bids. */
  public AuctionSettings(Duration window, Duration fillWindow, boolean riskChecks) {
    this(
        window,
        fillWindow,
        riskChecks,
        BigInteger.TEN.pow(16).multiply(BigInteger.valueOf(5)),
        0,
        Auction.DEFAULT_MAX_REJECTED_KEPT);
  }
}
