package io.omnimargin.margin.contagion;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.WorkedExample;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exposure, concentration and dependence on the worked example, number for number. */
class ExposureMonitorTest {
  private final Ledgers l = new Ledgers().prices("3000");
  private final Address example = l.account("example", "10", "20000", "5", "2900");

  private static BigInteger div(String a, String b) {
    return Wad.divDown(Wad.of(a), Wad.of(b));
  }

  @Test
  void theWorkedExampleDependsOnEthereumForFiftyNinePercentOfItsCollateral() {
    l.fund("5000"); // a system account: not measured
    ExposureReport e = l.monitor(List.of(), ConcentrationLimit.disabled()).refresh().exposure();
    // ETH 28,215 on Ethereum, USDC 19,502 on Arbitrum: 47,717 in all; AV_m 48,217, IMR 1,500
    assertThat(e.accounts()).isEqualTo(1);
    assertThat(e.collateralValue()).isEqualTo(Wad.of("47717"));
    assertThat(e.avMaintenance()).isEqualTo(Wad.of("48217"));
    assertThat(e.imr()).isEqualTo(Wad.of("1500"));
    RouteExposure eth = e.route(1).orElseThrow();
    RouteExposure usdc = e.route(42161).orElseThrow();
    assertThat(eth.collateralValue()).isEqualTo(Wad.of("28215"));
    assertThat(eth.collateralShare()).isEqualTo(div("28215", "47717")); // 0.5913
    assertThat(eth.avMaintenanceShare()).isEqualTo(div("28215", "48217")); // 0.5852
    // IMR split by collateral value: 1,500 · 28,215 / 47,717 = 886.94…
    assertThat(eth.imrShare())
        .isEqualTo(
            Wad.divDown(
                Wad.of("1500").multiply(Wad.of("28215")).divide(Wad.of("47717")), Wad.of("1500")));
    assertThat(usdc.collateralShare()).isEqualTo(div("19502", "47717"));
    assertThat(e.hhi())
        .isEqualTo(
            Wad.mulDown(eth.collateralShare(), eth.collateralShare())
                .add(Wad.mulDown(usdc.collateralShare(), usdc.collateralShare())));
    assertThat(Wad.format(e.hhi())).startsWith("0.5166");
    assertThat(eth.accounts()).isEqualTo(1);
  }

  /** The worked example of docs/risk-monitoring.md, number for number. */
  @Test
  void theDocumentedThreeAccountLedger() {
    l.account("geared", "2", "0", "20", "3000");
    l.account("shorter", "0", "10000", "-2", "3000");
    l.fund("5000");
    ExposureReport e = l.monitor(List.of(), ConcentrationLimit.disabled()).refresh().exposure();
    assertThat(e.collateralValue()).isEqualTo(Wad.of("63111"));
    assertThat(e.avMaintenance()).isEqualTo(Wad.of("63611"));
    assertThat(e.imr()).isEqualTo(Wad.of("8100"));
    RouteExposure eth = e.route(1).orElseThrow();
    assertThat(eth.collateralValue()).isEqualTo(Wad.of("33858"));
    assertThat(Wad.format(eth.collateralShare())).startsWith("0.536483338879117744");
    assertThat(Wad.format(eth.avMaintenanceShare())).startsWith("0.532266431906431277");
    assertThat(Wad.format(eth.imrShare())).startsWith("0.850240499736486");
    assertThat(Wad.format(e.hhi())).startsWith("0.50266206803153");
    assertThat(e.route(42161).orElseThrow().collateralValue()).isEqualTo(Wad.of("29253"));
  }

  @Test
  void anAccountSeesWhatEachRouteGoingDownWouldLeaveIt() {
    AccountDependence d = l.monitor(List.of(), ConcentrationLimit.disabled()).dependence(example);
    assertThat(d.routes()).hasSize(2);
    AccountDependence.Route eth = d.routes().get(0);
    assertThat(eth.chainId()).isEqualTo(1);
    assertThat(eth.avMaintenanceIfDown()).isEqualTo(Wad.of("20002")); // 48,217 − 28,215
    assertThat(eth.belowMaintenanceIfDown()).isFalse();
    assertThat(d.share(1)).isEqualTo(div("28215", "47717"));
    assertThat(d.share(137)).isZero();
  }

  @Test
  void theCapRefusesOnlyAccountsOnTheConcentratedRouteAndOnlyInALargeEnoughSystem() {
    Address usdcOnly = l.account("usdc-only", "0", "1000", "0", "0");
    RiskMonitor capped =
        l.monitor(List.of(), new ConcentrationLimit(Wad.of("0.5"), BigInteger.ZERO));
    assertThat(capped.concentration(example)).isEmpty(); // nothing measured yet
    capped.refresh();
    ConcentrationLimit.Breach b = capped.concentration(example).orElseThrow();
    assertThat(b.chainId()).isEqualTo(1);
    assertThat(b.cap()).isEqualTo(Wad.of("0.5"));
    assertThat(b.share()).isGreaterThan(Wad.of("0.5"));
    assertThat(capped.concentration(usdcOnly)).isEmpty();

    RiskMonitor small =
        l.monitor(List.of(), new ConcentrationLimit(Wad.of("0.5"), Wad.of("1000000")));
    small.refresh();
    assertThat(small.concentration(example)).isEmpty(); // 48,717 of collateral is below 1,000,000
    RiskMonitor open = l.monitor(List.of(), ConcentrationLimit.disabled());
    open.refresh();
    assertThat(open.concentration(example)).isEmpty();
  }

  @Test
  void theDefaultScenariosCoverEveryBridgedRoute() {
    List<StressScenario> s = DefaultScenarios.of(WorkedExample.config());
    assertThat(s.stream().map(StressScenario::name))
        .containsExactly("eth-30", "crypto-30", "route-1-down", "route-42161-down");
  }
}
