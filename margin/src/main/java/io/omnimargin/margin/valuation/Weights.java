package io.omnimargin.margin.valuation;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.RiskConfig;
import java.math.BigInteger;

/**
 * Everything about one (asset, chain) row that does not change between checks: both weights with
 * the route live, the divisor that turns amount·price·weight into wad USD, and the price heartbeat.
 * {@code discount} is the route's {@code m} now (in {@code w_i}); {@code maintenanceDiscount} the
 * phased-in {@code m} of {@code w_m}. A route that is down, or a stale price, zeroes the weights at
 * use.
 */
record Weights(
    CollateralRisk risk,
    BigInteger effectiveBuffer,
    BigInteger discount,
    BigInteger maintenanceDiscount,
    BigInteger maintenance,
    BigInteger initial,
    BigInteger divisor,
    long heartbeatSeconds) {

  static Weights of(
      CollateralRisk row,
      BigInteger effectiveBuffer,
      BigInteger mInitial,
      BigInteger mMaintenance,
      RiskConfig config) {
    BigInteger keep = Wad.ONE.subtract(row.haircut());
    return new Weights(
        row,
        effectiveBuffer,
        mInitial,
        mMaintenance,
        Wad.mulDown(keep, mMaintenance),
        Wad.mulDown(Wad.clampAtZero(keep.subtract(effectiveBuffer)), mInitial),
        BigInteger.TEN.pow(config.asset(row.asset()).decimals()).multiply(Wad.ONE),
        config.asset(row.asset()).heartbeatSeconds());
  }
}
