package io.omnimargin.margin.risk.adaptive;

import java.math.BigInteger;

/**
 * What a calm route looks like: the chain's block time, how long its finality normally lags, and
 * the base fee of a calm chain (0: base fee is not scored).
 */
public record RouteExpectations(
    long blockMillis, long finalitySeconds, BigInteger referenceBaseFeeWei) {
  public RouteExpectations {
    if (blockMillis <= 0 || finalitySeconds <= 0 || referenceBaseFeeWei.signum() < 0) {
      throw new IllegalArgumentException("block time and finality lag must be positive");
    }
  }
}
