package io.omnimargin.margin.risk;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;

/**
 * A perpetual market: the asset its mark price follows, initial and maintenance margin fractions.
 */
public record MarketSpec(String symbol, String baseAsset, BigInteger imf, BigInteger mmf) {
  public MarketSpec {
    if (mmf.signum() <= 0 || imf.compareTo(mmf) < 0 || imf.compareTo(Wad.ONE) > 0) {
      throw new InvalidRiskConfigException(symbol + ": need 0 < mmf ≤ imf ≤ 100%");
    }
  }
}
