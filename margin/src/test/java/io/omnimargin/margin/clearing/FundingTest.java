package io.omnimargin.margin.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** docs/clearing.md's funding example, number for number, and the rules around it. */
class FundingTest {
  private static final long START = 1_800_000_000L; // a multiple of 3,600
  private static final CollateralKey USDC = new CollateralKey(42161, "USDC");
  private static final Address T = Owners.named("trader");
  private static final Address S = Owners.named("solver");
  private static final Address U = Owners.named("trader-2");
  private static final Address POOL = ClearingParameters.FEE_POOL;

  private final AtomicLong now = new AtomicLong(START);
  private final List<MarginEvent> events = new ArrayList<>();
  private final MarginEngine engine =
      new MarginEngine(
          new Valuator(RiskConfig.defaults()),
          now::get,
          events::add,
          LedgerStore.NONE,
          ClearingParameters.defaults());

  private void at(long secondsAfterStart, String eth) {
    now.set(START + secondsAfterStart);
    engine.onPrice("ETH", new Price(Wad.of(eth), now.get()));
    engine.onPrice("USDC", new Price(Wad.ONE, now.get()));
  }

  private void fund(Address a) {
    engine.onCollateral(a, USDC, BigInteger.valueOf(100_000_000_000L), "deposit");
  }

  private BigInteger cash(Address a) {
    return engine.snapshot(a).account().cash();
  }

  @Test
  void longsPayShortsThePremiumOfTheHoursFillsOverItsAverageIndex() {
    at(0, "3000");
    fund(T);
    fund(S);
    fund(U);
    assertThat(engine.market("ETH-PERP").orElseThrow().nextFundingAt()).isEqualTo(START + 3_600);
    // T buys 2 from S at 3,010 and U sells 1 to S at 3,016: the hour's VWAP is 3,012
    engine.onTrade(Trade.at("ETH-PERP", T, S, Wad.of("2"), Wad.of("3010")), null);
    engine.onTrade(Trade.at("ETH-PERP", U, S, Wad.of("-1"), Wad.of("3016")), null);
    // the index is 3,000 for half the hour and 3,006 for the other half: its average is 3,003
    at(1_800, "3006");
    at(3_600, "3006");
    MarketState before = engine.market("ETH-PERP").orElseThrow();
    // (3,012 − 3,003) / 3,003 = 0.002997002997002997 (to 18 decimals, toward zero)
    assertThat(before.fundingRate()).isEqualTo(Wad.of("0.002997002997002997"));
    assertThat(before.openLong()).isEqualTo(Wad.of("2")).isEqualTo(before.openShort());

    List<FundingSettlement> settled = engine.settleFundingDue();

    // each position receives −size · 3,006 · rate, here exact to the wei: T (long 2) pays
    // 18.017982017982017964, S (short 1) and U (short 1) receive half of it each
    assertThat(settled).hasSize(1);
    FundingSettlement s = settled.get(0);
    assertThat(s.index()).isEqualTo(Wad.of("3006"));
    assertThat(s.positions()).isEqualTo(3);
    assertThat(s.paid()).isEqualTo(Wad.of("18.017982017982017964"));
    assertThat(s.received()).isEqualTo(s.paid());
    assertThat(s.residue()).isZero();
    assertThat(engine.snapshot(T).account().flows().fundingPaid()).isEqualTo(s.paid());
    assertThat(engine.snapshot(T).account().position("ETH-PERP").funding())
        .isEqualTo(s.paid().negate());
    assertThat(engine.snapshot(S).account().flows().fundingReceived())
        .isEqualTo(Wad.of("9.008991008991008982"));
    assertThat(engine.ledgerSummary().imbalance()).isZero();
    // the next interval starts afresh: no fills yet, no premium
    MarketState after = engine.market("ETH-PERP").orElseThrow();
    assertThat(after.nextFundingAt()).isEqualTo(START + 7_200);
    assertThat(after.fundingRate()).isZero();
    assertThat(after.lastFunding()).as("the totals, not every payment").contains(s.totals());
    assertThat(s.payments())
        .extracting(FundingSettlement.Payment::received)
        .containsExactlyInAnyOrder(
            s.paid().negate(),
            Wad.of("9.008991008991008982"),
            s.received().subtract(Wad.of("9.008991008991008982")));
    assertThat(engine.settleFundingDue()).isEmpty();
  }

  @Test
  void theRateIsCappedAndFundingWaitsForAFreshIndex() {
    at(0, "3000");
    fund(T);
    fund(S);
    engine.onTrade(Trade.at("ETH-PERP", T, S, Wad.of("1"), Wad.of("3300")), null); // 10% over
    assertThat(engine.market("ETH-PERP").orElseThrow().fundingRate()).isEqualTo(Wad.of("0.005"));
    now.set(START + 3_600 + 600); // past the settlement time, and ETH's price is stale
    assertThat(engine.market("ETH-PERP").orElseThrow().index()).isEmpty();
    assertThat(engine.settleFundingDue()).isEmpty();
    assertThat(cash(T)).isZero();
    at(4_300, "3000");
    FundingSettlement s = engine.settleFundingDue().get(0);
    assertThat(s.rate()).isEqualTo(Wad.of("0.005"));
    assertThat(cash(T)).isEqualTo(Wad.of("-15")); // 1 · 3,000 · 0.5%
    assertThat(cash(S)).isEqualTo(Wad.of("15"));
    assertThat(engine.market("ETH-PERP").orElseThrow().nextFundingAt()).isEqualTo(START + 7_200);
  }

  @Test
  void theRoundingResidueOfTinyPositionsGoesToTheFeePool() {
    at(0, "3000");
    fund(T);
    fund(S);
    // one wei of size each way at a premium of 1/3,000: each share is 0.999999999999999 wei, so
    // the payer pays 1 wei and the receiver gets none
    engine.onTrade(Trade.at("ETH-PERP", T, S, BigInteger.ONE, Wad.of("3001")), null);
    at(3_600, "3000");
    FundingSettlement s = engine.settleFundingDue().get(0);
    assertThat(s.rate()).isEqualTo(Wad.of("0.000333333333333333"));
    assertThat(s.paid()).isEqualTo(BigInteger.ONE);
    assertThat(s.received()).isZero();
    assertThat(cash(POOL)).isEqualTo(BigInteger.ONE);
    assertThat(engine.snapshot(POOL).account().flows().feesEarned()).isEqualTo(BigInteger.ONE);
    assertThat(engine.ledgerSummary().imbalance()).isZero();
  }
}
