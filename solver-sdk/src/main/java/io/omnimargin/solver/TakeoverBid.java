package io.omnimargin.solver;

import java.math.BigInteger;
import java.util.Map;

/**
 * A solver's bid on a liquidation: a price per offered market (18-decimal USD; every offered
 * position must be priced) and how long (unix seconds) the bid holds.
 */
public record TakeoverBid(Map<String, BigInteger> prices, long validUntil) {
  public TakeoverBid {
    prices = Map.copyOf(prices);
  }
}
