package io.omnimargin.margin.risk.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.Route;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** A route's score from what settlement saw, with the hub's clock passed in. */
class RouteMonitorTest {
  static final long NOW = 1_800_000_000L;
  final RouteMonitor polygon =
      new RouteMonitor(
          new Route(137, Wad.of("0.98"), 1800),
          new RouteExpectations(2000, 12, BigInteger.ZERO),
          RouteScoring.defaults());

  @Test
  void aHealthyRouteKeepsItsConfiguredDiscountAndSaysSo() {
    polygon.finalBlock(100, NOW - 10, BigInteger.ZERO, NOW - 5);
    RouteScore s = polygon.score(NOW);
    assertThat(s.discount()).isEqualTo(Wad.of("0.98"));
    assertThat(s.explanation()).startsWith("m 0.98 (configured): healthy");
  }

  @Test
  void finalityLagAndADisagreementLowerMAndTheExplanationSaysWhy() {
    polygon.finalBlock(100, NOW - 45, BigInteger.ZERO, NOW); // final 45 s after its block
    polygon.disagreement(NOW - 600);
    RouteScore s = polygon.score(NOW);
    // penalties: lag 100·(45 − 12)/12 = 275 bp, one disagreement 500 bp;
    // health 0.9725 · 0.95 = 0.923875; m = 0.49 + 0.49 · 0.923875
    assertThat(s.discount()).isEqualTo(Wad.of("0.94269875"));
    assertThat(s.explanation())
        .startsWith(
            "m 0.94269875 of configured 0.98: 1 adapter disagreement in the last hour; finality"
                + " lag 45 s, expected 12");
    // AV_m's m phases in: no time has passed since the first score
    assertThat(s.maintenanceDiscount()).isEqualTo(Wad.of("0.98"));
    // 10 minutes on, with no new final block: m falls further (silence 600 s), and AV_m's m has
    // moved (0.98 − 0.49) · 600/3600 = 0.081666… down, no further
    RouteScore later = polygon.score(NOW + 600);
    assertThat(later.discount()).isLessThan(Wad.of("0.898333333333333334"));
    assertThat(later.maintenanceDiscount()).isEqualTo(Wad.of("0.898333333333333334"));
    // an hour on the disagreement has aged out; the lag stays until a new final block
    assertThat(polygon.score(NOW + 3600).inputs().disagreements()).isZero();
  }

  @Test
  void aStalledRouteLosesMTowardItsFloorAndNoFurther() {
    polygon.finalBlock(100, NOW, BigInteger.ZERO, NOW);
    RouteScore stalled = polygon.score(NOW + 1_000_000);
    assertThat(stalled.discount()).isEqualTo(Wad.of("0.49"));
    assertThat(stalled.explanation())
        .contains("no new final block for 1000000 s, expected within 12");
  }

  @Test
  void measuredLatencyRaisesLRouteAboveTheConfiguredOnlyWhenLonger() {
    for (int i = 0; i < 19; i++) {
      polygon.credited(NOW - 60, NOW); // 60 s
    }
    polygon.credited(NOW - 4000, NOW); // one slow credit: the p95 of 20 is the 19th
    RouteScore s = polygon.score(NOW);
    assertThat(s.measuredLatencySeconds()).isEqualTo(60);
    assertThat(s.latencySeconds()).isEqualTo(1800); // the configured is the floor
    for (int i = 0; i < 5; i++) {
      polygon.credited(NOW - 4000, NOW);
    }
    RouteScore slow = polygon.score(NOW);
    assertThat(slow.measuredLatencySeconds()).isEqualTo(4000);
    assertThat(slow.latencySeconds()).isEqualTo(4000);
    assertThat(slow.explanation()).endsWith("L_route 4000 s (measured p95)");
  }
}
