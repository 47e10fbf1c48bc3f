package io.omnimargin.service.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.service.margin.AccountView;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The account page's view model: lines grouped by chain, each chain's walk, the gauge. */
class AccountPageTest {
  private static AccountView.Collateral line(
      String chain, String asset, String amount, String price, String h, String bEff, String m) {
    BigDecimal raw = new BigDecimal(amount).multiply(new BigDecimal(price));
    BigDecimal wm = BigDecimal.ONE.subtract(new BigDecimal(h)).multiply(new BigDecimal(m));
    BigDecimal wi =
        BigDecimal.ONE
            .subtract(new BigDecimal(h))
            .subtract(new BigDecimal(bEff))
            .multiply(new BigDecimal(m));
    return new AccountView.Collateral(
        chain,
        asset,
        amount,
        price,
        3,
        h,
        bEff,
        bEff,
        m,
        wm.toPlainString(),
        wi.toPlainString(),
        raw.multiply(wm).toPlainString(),
        raw.multiply(wi).toPlainString(),
        "0",
        m,
        null,
        null);
  }

  private static AccountView view(List<AccountView.Collateral> lines, String avm, String mmr) {
    return new AccountView(
        "0xabc",
        avm,
        "0",
        mmr,
        "0",
        null,
        "healthy",
        false,
        "-5.01",
        new AccountView.Flow("5.01", "0"),
        new AccountView.Flow("0", "0"),
        0,
        "fill",
        lines,
        List.of(
            new AccountView.PositionView(
                "ETH-PERP", "2", "3010", "6020", "3000", "-20", "6000", "0", false)));
  }

  @Test
  void linesAreGroupedByChainInOrderAndEachChainCountsItsLines() {
    AccountPage page =
        AccountPage.of(
            view(
                List.of(
                    line("1", "ETH", "10", "3000", "0.05", "0.1", "0.99"),
                    line("42161", "USDC", "5000", "1", "0.02", "0.05", "1"),
                    line("1", "USDC", "100", "1", "0.02", "0.05", "0.99")),
                "30000",
                "290"),
            "0xAbC",
            id -> id == 1 ? "Ethereum" : "Arbitrum",
            "0.25",
            List.of());
    assertThat(page.chains())
        .extracting(AccountPage.ChainGroup::name)
        .containsExactly("Ethereum", "Arbitrum");
    AccountPage.ChainGroup ethereum = page.chains().get(0);
    assertThat(ethereum.lines())
        .extracting(AccountPage.CollateralRow::key)
        .containsExactly("1/ETH", "1/USDC");
    // 10·3000·0.95·0.99 + 100·0.98·0.99
    assertThat(new BigDecimal(ethereum.valueMaintenance().exact()))
        .isEqualByComparingTo("28312.02");
    assertThat(ethereum.lines().get(0).haircut().human()).isEqualTo("5%");
    assertThat(ethereum.lines().get(0).priceAge()).isEqualTo("3 s ago");
    assertThat(page.totals().unrealizedPnl().exact()).isEqualTo("-20");
    assertThat(page.totals().gearing().human()).isEqualTo("—");
    assertThat(page.positions().get(0).entryPrice().human()).isEqualTo("3,010.00");
  }

  @Test
  void theWalkGoesFromMarketValueThroughHaircutAndBridgeToWhatCounts() {
    ValueWalk walk = ValueWalk.of(List.of(line("1", "ETH", "10", "3000", "0.05", "0.1", "0.99")));
    assertThat(walk.marketValue()).isEqualByComparingTo("30000");
    assertThat(walk.haircut()).isEqualByComparingTo("1500"); // 5% of 30,000
    assertThat(walk.bridge()).isEqualByComparingTo("285"); // 1% of 28,500
    assertThat(walk.maintenance()).isEqualByComparingTo("28215");
    assertThat(walk.buffer()).isEqualByComparingTo("2970"); // 10% of 30,000 at m 0.99
    assertThat(walk.initial()).isEqualByComparingTo("25245");
    assertThat(walk.json())
        .isEqualTo(
            "{\"steps\":[{\"name\":\"Market value\",\"value\":30000.00,\"kind\":\"total\"},"
                + "{\"name\":\"Haircut h\",\"value\":-1500.00,\"kind\":\"loss\"},"
                + "{\"name\":\"Bridge discount 1−m\",\"value\":-285.00,\"kind\":\"loss\"},"
                + "{\"name\":\"Counts in AV_m\",\"value\":28215.00,\"kind\":\"total\"},"
                + "{\"name\":\"Buffer b_eff\",\"value\":-2970.00,\"kind\":\"loss\"},"
                + "{\"name\":\"Counts in AV_i\",\"value\":25245.00,\"kind\":\"total\"}]}");
    assertThat(walk.summary()).startsWith("Market value 30,000.00 USD, less haircut 1,500.00");
  }

  @Test
  void aRouteDownLosesTheWholeChainToTheBridgeDiscount() {
    ValueWalk walk = ValueWalk.of(List.of(line("1", "ETH", "10", "2900", "0.05", "0.1", "0")));
    assertThat(walk.bridge()).isEqualByComparingTo("27550");
    assertThat(walk.maintenance()).isEqualByComparingTo("0");
    assertThat(walk.initial()).isEqualByComparingTo("0");
  }

  @Test
  void theGaugeDrawsTheCallLineAboveTheLiquidationLine() {
    Gauge healthy = Gauge.of("4674.99", "290", "0.25");
    assertThat(new BigDecimal(healthy.call())).isEqualByComparingTo("362.5");
    assertThat(healthy.liquidation()).isEqualTo("290");
    assertThat(healthy.max()).isEqualTo("4674.99");
    assertThat(healthy.state()).isEqualTo("above the margin-call line");
    assertThat(Gauge.of("300", "290", "0.25").state()).isEqualTo("in the margin-call band");
    assertThat(Gauge.of("-10", "290", "0.25").state()).isEqualTo("below the liquidation line");
    assertThat(Gauge.of("-10", "290", "0.25").value()).isEqualTo("0");
    assertThat(Gauge.of("100", "0", "0.25").state())
        .isEqualTo("no positions: nothing to liquidate");
  }
}
