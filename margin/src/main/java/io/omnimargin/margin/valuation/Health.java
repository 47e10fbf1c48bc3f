package io.omnimargin.margin.valuation;

/** An account's standing, from best to worst. */
public enum Health {
  HEALTHY,
  /** {@code AV_m < MMR·(1 + callBand)}. */
  CALL,
  /** In the call band past the grace period: positions are being reduced in steps. */
  DELEVERAGING,
  /** {@code AV_m < MMR}. */
  LIQUIDATABLE
}
