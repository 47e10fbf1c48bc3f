package io.omnimargin.hub.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How much collateral a liquidation seizes, and from which line first. */
class SeizurePlanTest {
  private static final long NOW = 1_800_000_000L;
  private static final CollateralKey ETH = new CollateralKey(1, "ETH");
  private static final CollateralKey USDC = new CollateralKey(42161, "USDC");

  private static final Address OWNER = Address.parse("0x" + "0a".repeat(20));
  private final RiskConfig risk = RiskConfig.defaults();
  private final MarginEngine engine = new MarginEngine(new Valuator(risk), () -> NOW, e -> {});

  SeizurePlanTest() {
    engine.onPrice("ETH", new Price(Wad.of("3000"), NOW));
    engine.onPrice("USDC", new Price(Wad.ONE, NOW));
  }

  /** 1 ETH (3,000 USD) and 1,000 USDC, owing {@code debt} USD. */
  private List<SeizurePlan.Seizure> plan(String debt, boolean ethSettled) {
    engine.onCollateral(OWNER, ETH, Wad.ONE, "deposit");
    engine.onCollateral(OWNER, USDC, BigInteger.valueOf(1_000_000_000L), "deposit");
    engine.onCash(OWNER, Wad.of(debt).negate(), "loss");
    return SeizurePlan.of(engine.snapshot(OWNER), risk, chain -> ethSettled || chain != 1);
  }

  @Test
  void usdcRepaysFirstThenTheLineWorthMostRoundedUpToWholeUnits() {
    List<SeizurePlan.Seizure> plan = plan("1500", true);

    // the cash token first, all of it; the 500 left is 0.1666… ETH: rounded up to the wei, so
    // the fund is never short
    BigInteger units = new BigInteger("166666666666666667");
    assertThat(plan)
        .containsExactly(
            new SeizurePlan.Seizure(
                42161, "USDC", BigInteger.valueOf(1_000_000_000L), Wad.of("1000")),
            new SeizurePlan.Seizure(1, "ETH", units, units.multiply(BigInteger.valueOf(3000))));
    assertThat(plan.get(1).usd()).isGreaterThanOrEqualTo(Wad.of("500"));
  }

  @Test
  void aDebtSmallerThanTheUsdcLineTakesOnlyUsdc() {
    List<SeizurePlan.Seizure> plan = plan("400", true);

    assertThat(plan)
        .containsExactly(
            new SeizurePlan.Seizure(
                42161, "USDC", BigInteger.valueOf(400_000_000L), Wad.of("400")));
  }

  @Test
  void onlySettledChainsAreSeizedAndARefusedSeizureLeavesTheDebtToTheNextLine() {
    assertThat(plan("500", false)).extracting(SeizurePlan.Seizure::asset).containsExactly("USDC");

    List<SeizurePlan.Seizure> done =
        SeizurePlan.carryOut(
            engine.snapshot(OWNER), risk, chain -> true, s -> !s.asset().equals("USDC"));
    assertThat(done).singleElement().satisfies(s -> assertThat(s.asset()).isEqualTo("ETH"));
    assertThat(done.get(0).usd()).isGreaterThanOrEqualTo(Wad.of("500"));
  }

  @Test
  void nothingIsSeizedFromAnAccountThatOwesNothing() {
    assertThat(plan("0", true)).isEmpty();
  }
}
