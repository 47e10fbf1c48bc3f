package io.omnimargin.auction.book;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.Comparator;
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

  static Comparator<PlacedBid> bestFirst(AuctionTerms terms, ToLongFunction<Address> reputation) {
    Comparator<PlacedBid> byValue = Comparator.comparing(b -> userValue(terms, b));
    if (terms.side() == AuctionTerms.Side.SELL) {
      byValue = byValue.reversed();
    }
    return byValue
        .thenComparingLong(PlacedBid::receivedAtMillis)
        .thenComparing(
            Comparator.comparingLong((PlacedBid b) -> reputation.applyAsLong(b.solver()))
                .reversed());
  }
}
