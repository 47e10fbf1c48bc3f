package io.omnimargin.margin.valuation;

import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.RiskConfig;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code b_eff} for every (asset, chain) row, computed once when the configuration is loaded (its
 * inputs — volatility, heartbeat, route latency — change only with it), never per check.
 */
public final class BufferTable {
  private final Map<CollateralKey, BigInteger> effective = new HashMap<>();
  private final Map<CollateralKey, BigInteger> required = new HashMap<>();
  private final Map<CollateralKey, Weights> weights = new HashMap<>();

  public BufferTable(RiskConfig config) {
    for (CollateralRisk row : config.table()) {
      long window =
          config.asset(row.asset()).heartbeatSeconds()
              + config.route(row.chainId()).latencySeconds();
      BigInteger req =
          AdaptiveBuffer.required(
              config.asset(row.asset()).sigma(), window, config.parameters().epsilon());
      required.put(row.key(), req);
      effective.put(row.key(), AdaptiveBuffer.effective(row.buffer(), req));
      weights.put(row.key(), Weights.of(row, effective.get(row.key()), config));
    }
  }

  public BigInteger effective(CollateralKey key) {
    return effective.get(key);
  }

  /** The precomputed row, or null for a pair that is not collateral. */
  Weights weights(CollateralKey key) {
    return weights.get(key);
  }

  public BigInteger required(CollateralKey key) {
    return required.get(key);
  }
}
