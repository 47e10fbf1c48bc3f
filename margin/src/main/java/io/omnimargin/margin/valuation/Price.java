package io.omnimargin.margin.valuation;

import java.math.BigInteger;

/** An oracle price in wad USD per whole token, with its publish time in unix seconds. */
public record Price(BigInteger usd, long publishTime) {
  public Price {
    if (usd.signum() <= 0) {
      throw new IllegalArgumentException("a price must be positive");
    }
  }
}
