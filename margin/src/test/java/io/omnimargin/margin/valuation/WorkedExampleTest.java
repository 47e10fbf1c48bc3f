package io.omnimargin.margin.valuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import org.junit.jupiter.api.Test;

/** The worked example of {@code shared/spec/margin.md}, number for number. */
class WorkedExampleTest {
  static final long NOW = WorkedExample.NOW;
  static final CollateralKey ETH_ON_ETHEREUM = WorkedExample.ETH;
  static final CollateralKey USDC_ON_ARBITRUM = WorkedExample.USDC;

  static RiskConfig exampleConfig() {
    return WorkedExample.config();
  }

  static Account exampleAccount() {
    return WorkedExample.account();
  }

  static TestMarket freshPrices() {
    return WorkedExample.freshPrices();
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
