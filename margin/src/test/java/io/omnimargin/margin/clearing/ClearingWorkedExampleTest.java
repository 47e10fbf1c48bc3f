package io.omnimargin.margin.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/clearing.md's worked example, number for number. */
class ClearingWorkedExampleTest {
  private static final long NOW = 1_800_000_000L;
  private static final CollateralKey ETH = new CollateralKey(1, "ETH");
  private static final CollateralKey USDC = new CollateralKey(42161, "USDC");
  private static final Address T = Owners.named("trader");
  private static final Address S = Owners.named("solver");
  private static final Address S2 = Owners.named("solver-2");
  private static final Address T2 = Owners.named("trader-2");
  private static final Address FUND = ClearingParameters.INSURANCE_FUND;
  private static final Address POOL = ClearingParameters.FEE_POOL;

  private final List<MarginEvent> events = new ArrayList<>();
  private final MarginEngine engine =
      new MarginEngine(new Valuator(RiskConfig.defaults()), () -> NOW, events::add);

  private void price(String eth) {
    engine.onPrice("ETH", new Price(Wad.of(eth), NOW));
  }

  private BigInteger cash(Address a) {
    return engine.snapshot(a).account().cash();
  }

  @Test
  void aRoundTripBetweenTwoSolversBalancesToTheWei() {
    price("3000");
    engine.onPrice("USDC", new Price(Wad.ONE, NOW));
    engine.onCollateral(T, ETH, Wad.of("10"), "deposit");
    engine.onCollateral(S, USDC, BigInteger.valueOf(100_000_000_000L), "deposit");
    engine.onCollateral(S2, USDC, BigInteger.valueOf(100_000_000_000L), "deposit");

    // step 2: T buys 10 at 3,000 from S, bid fee 3, protocol fee 5 bps of 30,000 = 15
    engine.onTrade(
        new Trade("ETH-PERP", T, S, Wad.of("10"), Wad.of("3000"), Wad.of("3"), Wad.of("15")), null);
    assertThat(engine.snapshot(T).account().position("ETH-PERP").cost()).isEqualTo(Wad.of("30000"));
    assertThat(engine.snapshot(S).account().position("ETH-PERP").cost())
        .isEqualTo(Wad.of("-30000"));
    assertThat(cash(T)).isEqualTo(Wad.of("-18"));
    assertThat(cash(S)).isEqualTo(Wad.of("3"));
    assertThat(cash(POOL)).isEqualTo(Wad.of("15"));
    assertThat(engine.ledgerSummary().imbalance()).isZero();

    // steps 3 and 4: ETH at 3,100, T sells its 10 to S2 (fee 3, protocol fee 15.5)
    price("3100");
    engine.onTrade(
        new Trade("ETH-PERP", T, S2, Wad.of("-10"), Wad.of("3100"), Wad.of("3"), Wad.of("15.5")),
        null);
    assertThat(engine.snapshot(T).account().positions()).isEmpty();
    assertThat(cash(T)).isEqualTo(Wad.of("963.5")); // −18 + 1,000 realized − 3 − 15.5
    assertThat(cash(POOL)).isEqualTo(Wad.of("30.5"));
    LedgerSummary ledger = engine.ledgerSummary();
    assertThat(ledger.cashSum()).isEqualTo(Wad.of("1000"));
    assertThat(ledger.costBasisSum()).isEqualTo(Wad.of("1000")); // S −30,000 + S2 31,000
    assertThat(ledger.imbalance()).isZero();
    assertThat(ledger.openInterest().get("ETH-PERP").longSize()).isEqualTo(Wad.of("10"));
    assertThat(ledger.openInterest().get("ETH-PERP").shortSize()).isEqualTo(Wad.of("10"));
  }

  @Test
  void aBankruptTraderIsTakenOverByTheInsuranceFundWhichPaysTheDeficit() {
    price("3000");
    engine.onPrice("USDC", new Price(Wad.ONE, NOW));
    engine.onCollateral(FUND, USDC, BigInteger.valueOf(1_000_000_000_000L), "seed");
    engine.onCollateral(S, USDC, BigInteger.valueOf(100_000_000_000L), "deposit");
    engine.onCollateral(T2, ETH, Wad.of("1"), "deposit");
    engine.onTrade(Trade.at("ETH-PERP", T2, S, Wad.of("8"), Wad.of("3000")), null);

    price("2500"); // AV_m = 2,351.25 − 4,000 = −1,648.75 < MMR 1,000

    MarginEvent.LiquidationStarted started =
        events.stream()
            .filter(MarginEvent.LiquidationStarted.class::isInstance)
            .map(MarginEvent.LiquidationStarted.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(started.avMaintenance()).isEqualTo(Wad.of("-1648.75"));
    assertThat(started.offers().get(0).bankruptcyPrice()).isEqualTo(Wad.of("2706.09375"));
    MarginEvent.Liquidation done =
        events.stream()
            .filter(MarginEvent.Liquidation.class::isInstance)
            .map(MarginEvent.Liquidation.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(done.taker()).isEqualTo(FUND);
    assertThat(done.penalty()).isZero(); // no equity left to take it from
    assertThat(done.deficit()).isEqualTo(Wad.of("1648.75"));
    assertThat(cash(T2)).isEqualTo(Wad.of("-2351.25")); // −4,000 realized + 1,648.75 deficit paid
    assertThat(engine.snapshot(T2).value().avMaintenance()).isZero();
    assertThat(engine.snapshot(FUND).account().position("ETH-PERP").cost())
        .isEqualTo(Wad.of("20000"));
    assertThat(cash(FUND)).isEqualTo(Wad.of("-1648.75"));
    assertThat(engine.ledgerSummary().balanced()).isTrue();
  }
}
