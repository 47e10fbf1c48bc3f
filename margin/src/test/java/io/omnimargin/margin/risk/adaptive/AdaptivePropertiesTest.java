package io.omnimargin.margin.risk.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.BufferTable;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The monotonicity issue 18 demands of the adaptive numbers. */
class AdaptivePropertiesTest {
  static final CollateralKey ETH = new CollateralKey(1, "ETH");

  /** Higher σ never lowers b_eff; so it never raises AV_i's weight. */
  @Property(tries = 300)
  void higherSigmaNeverLowersTheEffectiveBuffer(
      @ForAll @DoubleRange(min = 0.01, max = 10) double a,
      @ForAll @DoubleRange(min = 0.01, max = 10) double b,
      @ForAll @LongRange(min = 0, max = 100_000) long latency) {
    double low = Math.min(a, b);
    double high = Math.max(a, b);
    BufferTable table = new BufferTable(RiskConfig.defaults());
    table.route(1, latency, Wad.of("0.99"), Wad.of("0.99"));
    table.sigma("ETH", low);
    BigInteger atLow = table.effective(ETH);
    table.sigma("ETH", high);
    BigInteger atHigh = table.effective(ETH);
    assertThat(atHigh).isGreaterThanOrEqualTo(atLow);
    assertThat(atLow).isGreaterThanOrEqualTo(Wad.of("0.10")); // never below the table's b
  }

  /** Making any one health input worse never raises m, and m stays in [floor, configured]. */
  @Property(tries = 1000)
  void worseHealthNeverRaisesTheDiscount(
      @ForAll("inputs") RouteHealthInputs in,
      @ForAll @IntRange(min = 0, max = 5) int which,
      @ForAll @LongRange(min = 1, max = 1_000_000) long worse,
      @ForAll @IntRange(min = 5000, max = 10_000) int configuredBp) {
    RouteScoring scoring = RouteScoring.defaults();
    BigInteger configured =
        Wad.ONE.multiply(BigInteger.valueOf(configuredBp)).divide(BigInteger.valueOf(10_000));
    RouteHealthInputs bad = worsen(in, which, worse);
    BigInteger m = scoring.discount(configured, in);
    BigInteger mBad = scoring.discount(configured, bad);
    assertThat(mBad).isLessThanOrEqualTo(m);
    assertThat(mBad).isGreaterThanOrEqualTo(scoring.floor(configured));
    assertThat(m).isLessThanOrEqualTo(configured);
    if (in.equals(
        RouteHealthInputs.healthy(in.expectedFinalitySeconds(), in.expectedBlockMillis()))) {
      assertThat(m).isEqualTo(configured);
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<RouteHealthInputs> inputs() {
    var small = net.jqwik.api.Arbitraries.longs().between(0, 20);
    var seconds = net.jqwik.api.Arbitraries.longs().between(0, 100_000);
    var fee =
        net.jqwik.api.Arbitraries.longs().between(0, 1_000_000_000_000L).map(BigInteger::valueOf);
    return net.jqwik.api.Combinators.combine(
            small, small, seconds, seconds, seconds.filter(s -> s > 0), fee, fee, seconds)
        .as(
            (d, r, lag, silence, expected, baseFee, reference, blockMs) ->
                new RouteHealthInputs(
                    d, r, lag, silence, expected, baseFee, reference, blockMs, 12_000));
  }

  private static RouteHealthInputs worsen(RouteHealthInputs in, int which, long by) {
    return new RouteHealthInputs(
        in.disagreements() + (which == 0 ? by : 0),
        in.reorgs() + (which == 1 ? by : 0),
        in.finalityLagSeconds() + (which == 2 ? by : 0),
        in.silenceSeconds() + (which == 3 ? by : 0),
        in.expectedFinalitySeconds(),
        in.baseFeeWei().add(BigInteger.valueOf(which == 4 ? by * 1_000_000 : 0)),
        in.referenceBaseFeeWei(),
        in.blockTimeMillis() + (which == 5 ? by : 0),
        in.expectedBlockMillis());
  }
}
