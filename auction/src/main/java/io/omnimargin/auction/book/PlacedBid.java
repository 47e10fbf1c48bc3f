package io.omnimargin.auction.book;

import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;

/** A bid as the auction received it: accepted, replaced, or refused with its reason. */
public record PlacedBid(
    SolverBid bid, Address solver, long receivedAtMillis, BidRejection rejected, boolean replaced) {

  public boolean live() {
    return rejected == null && !replaced;
  }
}
