package io.omnimargin.margin.valuation;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;

/**
 * The liquidation buffer a latency window needs (spec "Adaptive buffer"): during {@code T =
 * heartbeat + route latency} the hub cannot see a price fall; with log-price Brownian motion of
 * annualised volatility σ, {@code b_req = 1 − exp(−σ·√(T/year)·Φ⁻¹(1 − ε/2))}, rounded up to the
 * next basis point.
 */
public final class AdaptiveBuffer {
  /** Seconds in a Julian year (365.25 days), the convention for annualised volatility. */
  public static final double YEAR_SECONDS = 365.25 * 24 * 3600;

  private static final BigInteger BASIS_POINT = Wad.ONE.divide(BigInteger.valueOf(10_000));

  private AdaptiveBuffer() {}

  /** {@code b_req} as a wad ratio, rounded up to a whole basis point. */
  public static BigInteger required(double sigma, long windowSeconds, double epsilon) {
    double z = InverseNormal.quantile(1 - epsilon / 2);
    double fall = 1 - Math.exp(-sigma * Math.sqrt(windowSeconds / YEAR_SECONDS) * z);
    // Round up to the next basis point; the tiny margin absorbs the double estimate's error.
    long basisPoints = (long) Math.ceil(fall * 10_000 - 1e-9);
    return BASIS_POINT.multiply(BigInteger.valueOf(Math.max(0, Math.min(10_000, basisPoints))));
  }

  /** {@code b_eff = max(b, b_req)}. */
  public static BigInteger effective(BigInteger configured, BigInteger required) {
    return Wad.max(configured, required);
  }
}
