package io.omnimargin.margin.risk.adaptive;

import io.omnimargin.margin.valuation.AdaptiveBuffer;
import java.math.BigInteger;

/**
 * Annualised volatility of one asset's index, measured: an exponentially weighted mean of squared
 * log returns per year, {@code v ← (1 − α)·v + α·r²·year/Δt} with {@code α = 1 − 2^(−Δt/halfLife)},
 * started at the configured {@code σ²}. The configured {@code σ} is a floor. The {@code σ} that
 * drives {@code b_req} moves only when the estimate leaves a band of {@code ±step} around it, and
 * is then set to the estimate (rounded up to 0.0001, toward safety). A risk estimate: {@code
 * double}.
 */
public final class EwmaVolatility {
  private final double floor;
  private final VolatilityParameters parameters;
  private double variance;
  private double used;
  private BigInteger lastPrice;
  private long lastTime = -1;
  private long samples;

  public EwmaVolatility(double configured, VolatilityParameters parameters) {
    this.floor = configured;
    this.parameters = parameters;
    this.variance = configured * configured;
    this.used = configured;
  }

  /** Takes the index at {@code time}; answers true when the {@code σ} used for buffers changed. */
  public synchronized boolean observe(BigInteger price, long time) {
    if (lastTime < 0) {
      lastPrice = price;
      lastTime = time;
      return false;
    }
    long dt = time - lastTime;
    if (dt < parameters.minSampleSeconds()) {
      return false; // joined with the next return
    }
    double r = Math.log(price.doubleValue() / lastPrice.doubleValue());
    double alpha = 1 - Math.pow(2, -(double) dt / parameters.halfLifeSeconds());
    double perYear = r * r * AdaptiveBuffer.YEAR_SECONDS / dt;
    variance = (1 - alpha) * variance + alpha * perYear;
    lastPrice = price;
    lastTime = time;
    samples++;
    double estimate = estimate();
    if (Math.abs(estimate - used) > parameters.step() * used) {
      used = Math.ceil(estimate * 10_000) / 10_000;
      return true;
    }
    return false;
  }

  /** The measured σ now, at least the configured floor and at most the ceiling. */
  public synchronized double estimate() {
    return Math.min(parameters.ceiling(), Math.max(floor, Math.sqrt(variance)));
  }

  /** The σ buffers use now. */
  public synchronized double used() {
    return used;
  }

  public double floor() {
    return floor;
  }

  public synchronized long samples() {
    return samples;
  }
}
