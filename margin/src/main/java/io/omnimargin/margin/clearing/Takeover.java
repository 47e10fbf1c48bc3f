package io.omnimargin.margin.clearing;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.Map;

/**
 * A solver's bid in a liquidation auction: it takes over every offered position at its price per
 * market (wad USD). Valid only if no price is worse for the system than that position's bankruptcy
 * price.
 */
public record Takeover(Address taker, Map<String, BigInteger> prices) {
  public Takeover {
    prices = Map.copyOf(prices);
  }
}
