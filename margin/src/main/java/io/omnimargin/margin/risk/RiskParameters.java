package io.omnimargin.margin.risk;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;

/**
 * Engine-wide parameters.
 *
 * @param callBand margin call when {@code AV_m < MMR·(1 + callBand)} (default 25%)
 * @param epsilon tail probability the adaptive buffer covers (default 1e-4; a risk estimate)
 * @param deleverageGraceSeconds how long an account may stay in the call band before
 *     auto-deleverage
 * @param deleverageStep fraction of the largest-risk position reduced per auto-deleverage step
 * @param backstopFraction liquidation goes to the backstop below {@code MMR·backstopFraction} (⅔)
 */
public record RiskParameters(
    BigInteger callBand,
    double epsilon,
    long deleverageGraceSeconds,
    BigInteger deleverageStep,
    BigInteger backstopFraction) {

  public RiskParameters {
    if (callBand.signum() < 0 || !(epsilon > 0 && epsilon < 1) || deleverageGraceSeconds < 0) {
      throw new InvalidRiskConfigException("callBand ≥ 0, 0 < epsilon < 1, grace ≥ 0 required");
    }
    if (deleverageStep.signum() <= 0 || deleverageStep.compareTo(Wad.ONE) > 0) {
      throw new InvalidRiskConfigException("deleverage step must be in (0, 100%]");
    }
  }

  public static RiskParameters defaults() {
    return new RiskParameters(
        Wad.of("0.25"), 1e-4, 300, Wad.of("0.25"), Wad.of("0.666666666666666667"));
  }
}
