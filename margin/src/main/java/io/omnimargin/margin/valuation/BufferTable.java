package io.omnimargin.margin.valuation;

import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.RiskConfig;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code b_eff} and both weights for every (asset, chain) row. Built from the configuration, then
 * moved by the adaptive inputs — an asset's measured {@code σ}, a route's measured latency and
 * scored {@code m} — each time one of them steps, never per check: a re-tune replaces the table in
 * one write, and readers see the old one or the new one.
 */
public final class BufferTable {
  private final RiskConfig config;
  private final Map<String, Double> sigma = new HashMap<>();
  private final Map<Long, Long> latency = new HashMap<>();
  private final Map<Long, BigInteger[]> discounts = new HashMap<>(); // {m for AV_i, m for AV_m}
  private volatile Map<CollateralKey, BigInteger> required = Map.of();
  private volatile Map<CollateralKey, Weights> weights = Map.of();

  public BufferTable(RiskConfig config) {
    this.config = config;
    config.assets().forEach(a -> sigma.put(a.symbol(), a.sigma()));
    config
        .routes()
        .forEach(
            r -> {
              latency.put(r.chainId(), r.latencySeconds());
              discounts.put(r.chainId(), new BigInteger[] {r.discount(), r.discount()});
            });
    rebuild();
  }

  /** Sets the {@code σ} an asset's rows use (a measured estimate, at least the configured). */
  public synchronized void sigma(String asset, double value) {
    sigma.put(asset, value);
    rebuild();
  }

  /**
   * Sets a route's latency and its two discounts: {@code initial} ({@code AV_i}, at once) and
   * {@code maintenance} ({@code AV_m}, phased in).
   */
  public synchronized void route(
      long chainId, long latencySeconds, BigInteger initial, BigInteger maintenance) {
    latency.put(chainId, latencySeconds);
    discounts.put(chainId, new BigInteger[] {initial, maintenance});
    rebuild();
  }

  public synchronized double sigma(String asset) {
    return sigma.get(asset);
  }

  /** The route's {@code m} now ({@code AV_i}). */
  public synchronized BigInteger discount(long chainId) {
    return discounts.get(chainId)[0];
  }

  /** The route's phased-in {@code m} ({@code AV_m}). */
  public synchronized BigInteger maintenanceDiscount(long chainId) {
    return discounts.get(chainId)[1];
  }

  public synchronized long latency(long chainId) {
    return latency.get(chainId);
  }

  private void rebuild() {
    Map<CollateralKey, BigInteger> req = new HashMap<>();
    Map<CollateralKey, Weights> w = new HashMap<>();
    for (CollateralRisk row : config.table()) {
      long window = config.asset(row.asset()).heartbeatSeconds() + latency.get(row.chainId());
      BigInteger r =
          AdaptiveBuffer.required(sigma.get(row.asset()), window, config.parameters().epsilon());
      BigInteger[] m = discounts.get(row.chainId());
      req.put(row.key(), r);
      w.put(
          row.key(),
          Weights.of(row, AdaptiveBuffer.effective(row.buffer(), r), m[0], m[1], config));
    }
    required = Map.copyOf(req);
    weights = Map.copyOf(w);
  }

  public BigInteger effective(CollateralKey key) {
    Weights w = weights.get(key);
    return w == null ? null : w.effectiveBuffer();
  }

  /** The row now, or null for a pair that is not collateral. */
  Weights weights(CollateralKey key) {
    return weights.get(key);
  }

  public BigInteger required(CollateralKey key) {
    return required.get(key);
  }
}
