package io.omnimargin.margin.clearing;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;

/**
 * When and how much funding is paid.
 *
 * @param intervalSeconds funding is settled at every multiple of this on the hub's clock
 * @param cap the largest rate one settlement may charge, either way (wad: 0.005 is 0.5% of the
 *     position's value at the index)
 */
public record FundingTerms(long intervalSeconds, BigInteger cap) {
  public FundingTerms {
    if (intervalSeconds <= 0) {
      throw new IllegalArgumentException("the funding interval must be positive");
    }
    if (cap.signum() < 0 || cap.compareTo(Wad.ONE) >= 0) {
      throw new IllegalArgumentException("the funding cap must be in [0, 100%)");
    }
  }

  /** Hourly, capped at 0.5% a settlement. */
  public static FundingTerms defaults() {
    return new FundingTerms(3_600, Wad.of("0.005"));
  }

  /** The first settlement time strictly after {@code now}. */
  public long nextAfter(long now) {
    return Math.floorDiv(now, intervalSeconds) * intervalSeconds + intervalSeconds;
  }
}
