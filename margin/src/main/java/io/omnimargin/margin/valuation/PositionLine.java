package io.omnimargin.margin.valuation;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;

/**
 * One position valued at the mark: all wad; {@code cost} is the exact cost basis, {@code
 * entryPrice} its average for people; {@code stale} when the mark price is too old.
 */
public record PositionLine(
    String market,
    BigInteger size,
    BigInteger cost,
    BigInteger markPrice,
    BigInteger unrealizedPnl,
    BigInteger notional,
    BigInteger maintenanceRequirement,
    BigInteger initialRequirement,
    boolean stale) {

  /**
   * The average entry price, for people ({@code cost / size}): worked out when asked, since a
   * valuation (every pre-trade check) never needs it.
   */
  public BigInteger entryPrice() {
    return size.signum() == 0 ? BigInteger.ZERO : cost.multiply(Wad.ONE).divide(size);
  }
}
