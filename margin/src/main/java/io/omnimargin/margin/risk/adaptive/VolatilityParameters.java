package io.omnimargin.margin.risk.adaptive;

import io.omnimargin.margin.risk.InvalidRiskConfigException;

/**
 * How volatility is measured from the index (a risk estimate, hence {@code double}).
 *
 * @param halfLifeSeconds an observation's weight halves after this long (default 6 h)
 * @param minSampleSeconds index moves closer together than this are joined into one return (default
 *     60 s: tick noise must not read as volatility)
 * @param step {@code σ} used for {@code b_req} changes only when the estimate moves by more than
 *     this fraction of it (default 10%)
 * @param ceiling the estimate never goes above this (default 10, the configuration's own bound)
 */
public record VolatilityParameters(
    long halfLifeSeconds, long minSampleSeconds, double step, double ceiling) {
  public VolatilityParameters {
    if (halfLifeSeconds <= 0 || minSampleSeconds <= 0) {
      throw new InvalidRiskConfigException("volatility half-life and sample must be positive");
    }
    if (!(step >= 0 && step < 1) || !(ceiling > 0)) {
      throw new InvalidRiskConfigException("volatility step in [0, 1), ceiling > 0 required");
    }
  }

  public static VolatilityParameters defaults() {
    return new VolatilityParameters(6 * 3600, 60, 0.10, 10.0);
  }
}
