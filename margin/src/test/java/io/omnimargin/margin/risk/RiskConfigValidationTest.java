package io.omnimargin.margin.risk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.margin.fixed.Wad;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A configuration that must not run is refused with a message naming its entry. */
class RiskConfigValidationTest {
  static final List<AssetSpec> ASSETS = List.of(new AssetSpec("ETH", 18, 0.8, 3600));
  static final List<MarketSpec> MARKETS =
      List.of(new MarketSpec("ETH-PERP", "ETH", Wad.of("0.1"), Wad.of("0.05")));

  @Test
  void aHaircutOfAHundredPercentOrMore() {
    assertThatThrownBy(() -> new CollateralRisk("ETH", 1, Wad.ONE, Wad.ZERO))
        .isInstanceOf(InvalidRiskConfigException.class)
        .hasMessageContaining("ETH@1: haircut must be in [0%, 100%)");
    assertThatThrownBy(() -> new CollateralRisk("ETH", 1, Wad.of("0.6"), Wad.of("0.4")))
        .hasMessageContaining("haircut + buffer < 100%");
  }

  @Test
  void aDiscountOutsideZeroToOne() {
    assertThatThrownBy(() -> new Route(1, Wad.of("1.01"), 0))
        .hasMessageContaining("route 1: m must be in (0, 1]");
    assertThatThrownBy(() -> new Route(1, Wad.ZERO, 0)).hasMessageContaining("m must be in (0, 1]");
  }

  @Test
  void aRouteForAnUnknownChainOrARowWithoutRoute() {
    assertThatThrownBy(
            () ->
                new RiskConfig(
                    Map.of(1L, "Ethereum"),
                    ASSETS,
                    List.of(),
                    List.of(new Route(1, Wad.ONE, 0), new Route(99, Wad.ONE, 0)),
                    MARKETS,
                    RiskParameters.defaults()))
        .hasMessageContaining("route for unknown chain 99");
    assertThatThrownBy(
            () ->
                new RiskConfig(
                    Map.of(1L, "Ethereum", 2L, "Other"),
                    ASSETS,
                    List.of(new CollateralRisk("ETH", 2, Wad.of("0.05"), Wad.of("0.1"))),
                    List.of(new Route(1, Wad.ONE, 0)),
                    MARKETS,
                    RiskParameters.defaults()))
        .hasMessageContaining("ETH@2 has no route");
  }

  @Test
  void aMarketOnAnUnknownAssetAndDuplicates() {
    assertThatThrownBy(
            () ->
                new RiskConfig(
                    Map.of(1L, "Ethereum"),
                    ASSETS,
                    List.of(),
                    List.of(new Route(1, Wad.ONE, 0)),
                    List.of(new MarketSpec("BTC-PERP", "BTC", Wad.of("0.1"), Wad.of("0.05"))),
                    RiskParameters.defaults()))
        .hasMessageContaining("follows unknown asset BTC");
    assertThatThrownBy(
            () ->
                new RiskConfig(
                    Map.of(1L, "Ethereum"),
                    List.of(ASSETS.get(0), ASSETS.get(0)),
                    List.of(),
                    List.of(new Route(1, Wad.ONE, 0)),
                    MARKETS,
                    RiskParameters.defaults()))
        .hasMessageContaining("duplicate asset ETH");
  }
}
