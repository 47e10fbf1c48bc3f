package io.omnimargin.margin.valuation;

import java.util.Optional;

/** What valuation reads besides the account: prices and each route's current discount. */
public interface MarketData {
  Optional<Price> price(String asset);

  /** Whether the chain's route is live; a route that is down counts with {@code m = 0}. */
  boolean routeLive(long chainId);
}
