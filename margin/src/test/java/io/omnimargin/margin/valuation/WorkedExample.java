package io.omnimargin.margin.valuation;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.AssetSpec;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.risk.RiskParameters;
import io.omnimargin.margin.risk.Route;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The worked example of {@code shared/spec/margin.md} as test data. */
public final class WorkedExample {
  public static final long NOW = 1_800_000_000L;
  public static final CollateralKey ETH = new CollateralKey(1, "ETH");
  public static final CollateralKey USDC = new CollateralKey(42161, "USDC");

  private WorkedExample() {}

  /** The spec's routes (m = 0.99, 0.995); low volatility so that b_eff = b, as the example says. */
  public static RiskConfig config() {
    return new RiskConfig(
        Map.of(1L, "Ethereum", 42161L, "Arbitrum"),
        List.of(new AssetSpec("ETH", 18, 0.5, 3600), new AssetSpec("USDC", 6, 0.02, 86400)),
        List.of(
            new CollateralRisk("ETH", 1, Wad.of("0.05"), Wad.of("0.10")),
            new CollateralRisk("USDC", 42161, Wad.of("0.02"), Wad.of("0.05"))),
        List.of(new Route(1, Wad.of("0.99"), 900), new Route(42161, Wad.of("0.995"), 900)),
        List.of(new MarketSpec("ETH-PERP", "ETH", Wad.of("0.10"), Wad.of("0.05"))),
        RiskParameters.defaults());
  }

  /** 10 ETH on Ethereum, 20,000 USDC on Arbitrum, long 5 ETH-PERP at 2,900. */
  public static Account account() {
    return new Account(
        Owners.named("0xtrader"),
        Map.of(
            ETH, BigInteger.TEN.multiply(BigInteger.TEN.pow(18)),
            USDC, BigInteger.valueOf(20_000).multiply(BigInteger.TEN.pow(6))),
        Map.of("ETH-PERP", Position.at("ETH-PERP", Wad.of("5"), Wad.of("2900"))),
        BigInteger.ZERO);
  }

  /** ETH at 3,000 and USDC at 1, published now. */
  public static TestMarket freshPrices() {
    return new TestMarket()
        .price("ETH", new Price(Wad.of("3000"), NOW))
        .price("USDC", new Price(Wad.of("1"), NOW));
  }
}
