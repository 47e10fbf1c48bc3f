package io.omnimargin.hub.auction;

import io.omnimargin.auction.book.PlacedBid;
import io.omnimargin.protocol.eip712.SolverBid;

/**
 * An award as the owner that made it keeps it for its successor: the winning bid as placed, and
 * until when the winner may fill.
 *
 * @param bid the winning bid (its signature was checked when it won)
 * @param receivedAtMillis when the bid arrived
 * @param fillDeadlineMillis unix millis after which the award fades
 */
public record AwardRecord(SolverBid bid, long receivedAtMillis, long fillDeadlineMillis) {

  /** The bid as the auction holds it: live, by its solver. */
  public PlacedBid placed() {
    return new PlacedBid(bid, bid.solver(), receivedAtMillis, null, false);
  }
}
