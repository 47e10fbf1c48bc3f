package io.omnimargin.auction.book;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Orders bids best first for the user, net of fee: a buy by the lowest {@code price·size + fee}, a
 * sell by the highest {@code price·size − fee}, a withdrawal by the lowest fee; ties by the earlier
 * bid, then by the solver's reputation (higher first).
 */
final class Ranking {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);

  private Ranking() {}

  /** What the user pays (buy, withdrawal) or receives (sell), wad USD, for this bid. */
  static BigInteger userValue(AuctionTerms terms, PlacedBid b) {
    BigInteger price = b.bid().price().toBigInteger();
    BigInteger fee = b.bid().fee().toBigInteger();
    return switch (terms.side()) {
      case BUY -> price.multiply(terms.size()).divide(WAD).add(fee);
      case SELL -> price.multiply(terms.size()).divide(WAD).subtract(fee);
      case WITHDRAWAL -> fee;
    };
  }

  /**
   * The bids best first. Each bid's value and its solver's reputation are worked out once, not at
   * every comparison of the sort.
   */
  static List<PlacedBid> rank(
      AuctionTerms terms, Collection<PlacedBid> bids, ToLongFunction<Address> reputation) {
    List<Keyed> keyed = new ArrayList<>(bids.size());
    for (PlacedBid b : bids) {
      BigInteger value = userValue(terms, b);
      keyed.add(
          new Keyed(
              b,
              terms.side() == AuctionTerms.Side.SELL ? value.negate() : value,
              reputation.applyAsLong(b.solver())));
    }
    keyed.sort(
        Comparator.comparing(Keyed::cost)
            .thenComparingLong(k -> k.bid().receivedAtMillis())
            .thenComparing(Comparator.comparingLong(Keyed::reputation).reversed()));
    List<PlacedBid> ranked = new ArrayList<>(keyed.size());
    for (Keyed k : keyed) {
      ranked.add(k.bid());
    }
    return ranked;
  }

  /** A bid with its sort keys: the user's cost (lower is better) and the solver's reputation. */
  private record Keyed(PlacedBid bid, BigInteger cost, long reputation) {}
}
