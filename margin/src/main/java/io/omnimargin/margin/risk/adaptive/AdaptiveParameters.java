package io.omnimargin.margin.risk.adaptive;

import io.omnimargin.margin.oracle.IndexParameters;

/** The engine's adaptive inputs: how the index is formed and how volatility is measured. */
public record AdaptiveParameters(IndexParameters index, VolatilityParameters volatility) {
  public static AdaptiveParameters defaults() {
    return new AdaptiveParameters(IndexParameters.defaults(), VolatilityParameters.defaults());
  }
}
