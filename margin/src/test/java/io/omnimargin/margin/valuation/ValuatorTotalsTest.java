package io.omnimargin.margin.valuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The pre-trade fast path must give exactly the numbers of the full valuation. */
class ValuatorTotalsTest {
  private final Valuator valuator = new Valuator(WorkedExample.config());

  @Test
  void theWorkedExampleAgrees() {
    AccountValue full =
        valuator.valuate(WorkedExample.account(), WorkedExample.freshPrices(), WorkedExample.NOW);
    assertThat(
            valuator.totals(
                WorkedExample.account(), WorkedExample.freshPrices(), WorkedExample.NOW))
        .isEqualTo(full.totals());
  }

  @Property
  void bothPathsAgreeOnAnyAccountAndMarket(
      @ForAll @LongRange(min = 0, max = 1_000_000) long ethMilli,
      @ForAll @LongRange(min = 0, max = 10_000_000) long usdc,
      @ForAll @LongRange(min = -200_000, max = 200_000) long sizeMilli,
      @ForAll @LongRange(min = 1, max = 20_000) long ethPrice,
      @ForAll @LongRange(min = 0, max = 100_000) long ethAge,
      @ForAll boolean ethereumRouteLive) {
    Account account = Account.empty(Owners.named("0xp"));
    if (ethMilli > 0) {
      account =
          account.withCollateral(
              WorkedExample.ETH, BigInteger.valueOf(ethMilli).multiply(BigInteger.TEN.pow(15)));
    }
    if (usdc > 0) {
      account =
          account.withCollateral(
              WorkedExample.USDC, BigInteger.valueOf(usdc).multiply(BigInteger.TEN.pow(6)));
    }
    if (sizeMilli != 0) {
      account =
          account.withFill(
              "ETH-PERP",
              BigInteger.valueOf(sizeMilli).multiply(BigInteger.TEN.pow(15)),
              Wad.of("2500"));
    }
    TestMarket market =
        new TestMarket()
            .price("ETH", new Price(Wad.of(Long.toString(ethPrice)), WorkedExample.NOW - ethAge))
            .price("USDC", new Price(Wad.ONE, WorkedExample.NOW));
    if (!ethereumRouteLive) {
      market.down.add(1L);
    }
    assertThat(valuator.totals(account, market, WorkedExample.NOW))
        .isEqualTo(valuator.valuate(account, market, WorkedExample.NOW).totals());
  }
}
