package io.omnimargin.margin.valuation;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

/** The worked example of {@code shared/spec/margin.md}, number for number. */
class WorkedExampleTest {
  static final long NOW = 1_800_000_000L;
  static final CollateralKey ETH_ON_ETHEREUM = new CollateralKey(1, "ETH");
  static final CollateralKey USDC_ON_ARBITRUM = new CollateralKey(42161, "USDC");

  /** The spec's routes (m = 0.99, 0.995); low volatility so that b_eff = b, as the example says. */
  static RiskConfig exampleConfig() {
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

  static Account exampleAccount() {
    return new Account(
        "0xtrader",
        Map.of(
            ETH_ON_ETHEREUM, BigInteger.TEN.multiply(BigInteger.TEN.pow(18)),
            USDC_ON_ARBITRUM, BigInteger.valueOf(20_000).multiply(BigInteger.TEN.pow(6))),
        Map.of("ETH-PERP", new Position("ETH-PERP", Wad.of("5"), Wad.of("2900"))),
        BigInteger.ZERO);
  }

  static TestMarket freshPrices() {
    return new TestMarket()
        .price("ETH", new Price(Wad.of("3000"), NOW))
        .price("USDC", new Price(Wad.of("1"), NOW));
  }

  @Test
  void theSpecExampleComesOutExactly() {
    Valuator valuator = new Valuator(exampleConfig());
    assertThat(valuator.buffers().effective(ETH_ON_ETHEREUM)).isEqualTo(Wad.of("0.10"));
    assertThat(valuator.buffers().effective(USDC_ON_ARBITRUM)).isEqualTo(Wad.of("0.05"));

    AccountValue value = valuator.valuate(exampleAccount(), freshPrices(), NOW);

    CollateralLine eth =
        value.collateral().stream().filter(l -> l.asset().equals("ETH")).findFirst().orElseThrow();
    CollateralLine usdc =
        value.collateral().stream().filter(l -> l.asset().equals("USDC")).findFirst().orElseThrow();
    assertThat(eth.weightMaintenance()).isEqualTo(Wad.of("0.9405"));
    assertThat(eth.valueMaintenance()).isEqualTo(Wad.of("28215"));
    assertThat(eth.weightInitial()).isEqualTo(Wad.of("0.8415"));
    assertThat(eth.valueInitial()).isEqualTo(Wad.of("25245"));
    assertThat(usdc.weightMaintenance()).isEqualTo(Wad.of("0.9751"));
    assertThat(usdc.valueMaintenance()).isEqualTo(Wad.of("19502"));
    assertThat(usdc.weightInitial()).isEqualTo(Wad.of("0.92535"));
    assertThat(usdc.valueInitial()).isEqualTo(Wad.of("18507"));
    assertThat(value.positions().get(0).unrealizedPnl()).isEqualTo(Wad.of("500"));
    assertThat(value.avMaintenance()).isEqualTo(Wad.of("48217"));
    assertThat(value.avInitial()).isEqualTo(Wad.of("44252"));
    assertThat(value.mmr()).isEqualTo(Wad.of("750"));
    assertThat(value.imr()).isEqualTo(Wad.of("1500"));
    // 15,000 / 48,217 ≈ 0.311, rounded up at the 18th decimal.
    assertThat(value.gearing().orElseThrow()).isEqualTo(Wad.of("0.311093597693759463"));
    assertThat(value.health()).isEqualTo(Health.HEALTHY);
  }

  @Test
  void aRouteThatGoesDownDropsItsCollateralAtOnce() {
    Valuator valuator = new Valuator(exampleConfig());
    TestMarket market = freshPrices();
    market.down.add(1L);

    AccountValue value = valuator.valuate(exampleAccount(), market, NOW);

    assertThat(value.avMaintenance()).isEqualTo(Wad.of("20002")); // USDC 19,502 + uPnL 500
  }

  @Test
  void aStalePriceCountsZeroForInitialMarginOnly() {
    Valuator valuator = new Valuator(exampleConfig());
    TestMarket market = freshPrices();
    market.price("ETH", new Price(Wad.of("3000"), NOW - 3601));

    AccountValue value = valuator.valuate(exampleAccount(), market, NOW);

    assertThat(value.avMaintenance()).isEqualTo(Wad.of("48217"));
    assertThat(value.avInitial()).isEqualTo(Wad.of("19007")); // USDC 18,507 + uPnL 500
    assertThat(value.positions().get(0).stale()).isTrue();
  }
}
