package io.omnimargin.margin.valuation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Prices and route liveness set by hand. */
public final class TestMarket implements MarketData {
  public final Map<String, Price> prices = new HashMap<>();
  public final Set<Long> down = new HashSet<>();

  public TestMarket price(String asset, Price price) {
    prices.put(asset, price);
    return this;
  }

  @Override
  public Optional<Price> price(String asset) {
    return Optional.ofNullable(prices.get(asset));
  }

  @Override
  public boolean routeLive(long chainId) {
    return !down.contains(chainId);
  }
}
