package io.omnimargin.margin.risk;

/**
 * A collateral or market asset: its token decimals, annualised volatility {@code sigma} (a risk
 * estimate, hence {@code double}) and the oracle heartbeat in seconds.
 */
public record AssetSpec(String symbol, int decimals, double sigma, long heartbeatSeconds) {
  public AssetSpec {
    if (decimals < 0 || decimals > 36) {
      throw new InvalidRiskConfigException("asset " + symbol + ": decimals must be 0..36");
    }
    if (!(sigma > 0) || sigma > 10) {
      throw new InvalidRiskConfigException("asset " + symbol + ": sigma must be in (0, 10]");
    }
    if (heartbeatSeconds <= 0) {
      throw new InvalidRiskConfigException("asset " + symbol + ": heartbeat must be positive");
    }
  }
}
