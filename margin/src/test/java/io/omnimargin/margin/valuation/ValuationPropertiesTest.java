package io.omnimargin.margin.valuation;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The monotonicity the issue demands of valuation, checked over generated accounts and settings.
 */
class ValuationPropertiesTest {
  static final long NOW = 1_800_000_000L;
  static final CollateralKey ETH = new CollateralKey(1, "ETH");

  /** One (ETH, Ethereum) row with the given haircut and buffer (bp), route m (bp) and latency. */
  static Valuator valuator(
      int haircutBp, int bufferBp, int discountBp, long latency, double sigma) {
    return new Valuator(
        new RiskConfig(
            Map.of(1L, "Ethereum"),
            List.of(new AssetSpec("ETH", 18, sigma, 3600)),
            List.of(new CollateralRisk("ETH", 1, bp(haircutBp), bp(bufferBp))),
            List.of(new Route(1, bp(discountBp), latency)),
            List.of(new MarketSpec("ETH-PERP", "ETH", Wad.of("0.10"), Wad.of("0.05"))),
            RiskParameters.defaults()));
  }

  static BigInteger bp(int basisPoints) {
    return Wad.ONE.multiply(BigInteger.valueOf(basisPoints)).divide(BigInteger.valueOf(10_000));
  }

  static Account account(long ethMilli, long sizeMilli, long entry) {
    Account account =
        Account.empty(Owners.of("0xa"))
            .withCollateral(ETH, BigInteger.valueOf(ethMilli).multiply(BigInteger.TEN.pow(15)));
    return sizeMilli == 0
        ? account
        : account.withFill(
            "ETH-PERP",
            BigInteger.valueOf(sizeMilli).multiply(BigInteger.TEN.pow(15)),
            Wad.of(Long.toString(entry)));
  }

  static TestMarket market(long price, long age) {
    return new TestMarket().price("ETH", new Price(Wad.of(Long.toString(price)), NOW - age));
  }

  @Property
  void moreCollateralNeverLowersAccountValue(
      @ForAll @LongRange(min = 1, max = 1_000_000) long eth,
      @ForAll @LongRange(min = 1, max = 1_000_000) long more,
      @ForAll @LongRange(min = -500_000, max = 500_000) long size,
      @ForAll @LongRange(min = 1, max = 100_000) long price) {
    Valuator v = valuator(500, 1000, 9900, 900, 0.8);
    AccountValue before = v.valuate(account(eth, size, 3000), market(price, 0), NOW);
    AccountValue after = v.valuate(account(eth + more, size, 3000), market(price, 0), NOW);
    assertThat(after.avMaintenance()).isGreaterThanOrEqualTo(before.avMaintenance());
    assertThat(after.avInitial()).isGreaterThanOrEqualTo(before.avInitial());
  }

  @Property
  void aHigherHaircutOrLowerDiscountNeverRaisesAccountValue(
      @ForAll @LongRange(min = 1, max = 1_000_000) long eth,
      @ForAll @IntRange(min = 0, max = 4000) int haircut,
      @ForAll @IntRange(min = 0, max = 4000) int moreHaircut,
      @ForAll @IntRange(min = 2, max = 10_000) int discount,
      @ForAll @IntRange(min = 1, max = 10_000) int lessDiscount) {
    Account account = account(eth, 1000, 3000);
    TestMarket market = market(3000, 0);
    AccountValue base = v(haircut, discount).valuate(account, market, NOW);
    AccountValue worseHaircut = v(haircut + moreHaircut, discount).valuate(account, market, NOW);
    AccountValue worseRoute =
        v(haircut, Math.max(1, discount - lessDiscount)).valuate(account, market, NOW);
    for (AccountValue worse : List.of(worseHaircut, worseRoute)) {
      assertThat(worse.avMaintenance()).isLessThanOrEqualTo(base.avMaintenance());
      assertThat(worse.avInitial()).isLessThanOrEqualTo(base.avInitial());
    }
  }

  private static Valuator v(int haircut, int discount) {
    return valuator(haircut, 1000, discount, 900, 0.8);
  }

  @Property
  void aStalerPriceOrLongerLatencyNeverRaisesAccountValue(
      @ForAll @LongRange(min = 1, max = 1_000_000) long eth,
      @ForAll @LongRange(min = 0, max = 7200) long age,
      @ForAll @LongRange(min = 0, max = 7200) long older,
      @ForAll @LongRange(min = 0, max = 86_400) long latency,
      @ForAll @LongRange(min = 0, max = 864_000) long longer) {
    Account account = account(eth, 0, 3000);
    Valuator v = valuator(500, 100, 9900, latency, 1.5);
    AccountValue fresh = v.valuate(account, market(3000, age), NOW);
    AccountValue stale = v.valuate(account, market(3000, age + older), NOW);
    assertThat(stale.avInitial()).isLessThanOrEqualTo(fresh.avInitial());
    assertThat(stale.avMaintenance()).isLessThanOrEqualTo(fresh.avMaintenance());

    AccountValue slow =
        valuator(500, 100, 9900, latency + longer, 1.5).valuate(account, market(3000, age), NOW);
    assertThat(slow.avInitial()).isLessThanOrEqualTo(fresh.avInitial());
  }

  @Property
  void aReduceOnlyFillNeverRaisesMaintenanceRequirement(
      @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long size,
      @ForAll @LongRange(min = 1, max = 1_000_000) long reduce,
      @ForAll @LongRange(min = 1, max = 100_000) long price) {
    if (size == 0) {
      return;
    }
    Account account = account(1000, size, 3000);
    Position position = account.position("ETH-PERP");
    BigInteger delta =
        BigInteger.valueOf(Math.min(reduce, Math.abs(size)))
            .multiply(BigInteger.TEN.pow(15))
            .multiply(BigInteger.valueOf(-Long.signum(size)));
    assertThat(position.isReducedBy(delta)).isTrue();
    Valuator v = valuator(500, 1000, 9900, 900, 0.8);
    AccountValue before = v.valuate(account, market(price, 0), NOW);
    AccountValue after =
        v.valuate(
            account.withFill("ETH-PERP", delta, Wad.of(Long.toString(price))),
            market(price, 0),
            NOW);
    assertThat(after.mmr()).isLessThanOrEqualTo(before.mmr());
  }
}
