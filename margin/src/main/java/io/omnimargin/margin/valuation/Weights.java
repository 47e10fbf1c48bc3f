package io.omnimargin.margin.valuation;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.RiskConfig;
import java.math.BigInteger;

/**
 * Everything about one (asset, chain) row that does not change between checks, computed once: both
 * weights with the route live, the divisor that turns amount·price·weight into wad USD, and the
 * price heartbeat. A route that is down, or a stale price, zeroes the weights at use.
 */
record Weights(
    CollateralRisk risk,
    BigInteger effectiveBuffer,
    BigInteger discount,
    BigInteger maintenance,
    BigInteger initial,
    BigInteger divisor,
    long heartbeatSeconds) {

  static Weights of(CollateralRisk row, BigInteger effectiveBuffer, RiskConfig config) {
    BigInteger m = config.route(row.chainId()).discount();
    BigInteger keep = Wad.ONE.subtract(row.haircut());
    return new Weights(
        row,
        effectiveBuffer,
        m,
        Wad.mulDown(keep, m),
        Wad.mulDown(Wad.clampAtZero(keep.subtract(effectiveBuffer)), m),
        BigInteger.TEN.pow(config.asset(row.asset()).decimals()).multiply(Wad.ONE),
        config.asset(row.asset()).heartbeatSeconds());
  }
}
