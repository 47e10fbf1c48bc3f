package io.omnimargin.margin.valuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** {@link Valuator#maintenanceValue} is the line {@link Valuator#valuate} builds. */
class MaintenanceValueTest {
  private final Valuator valuator = new Valuator(WorkedExample.config());

  @Test
  void eachLineIsWorthWhatTheAccountValueCountsForIt() {
    TestMarket market = WorkedExample.freshPrices();
    Account account = WorkedExample.account();
    for (CollateralLine line : valuator.valuate(account, market, WorkedExample.NOW).collateral()) {
      CollateralKey key = new CollateralKey(line.chainId(), line.asset());
      assertThat(valuator.maintenanceValue(key, line.amount(), market))
          .isEqualTo(line.valueMaintenance());
    }
    BigInteger eth = account.balance(WorkedExample.ETH);
    assertThat(valuator.maintenanceValue(WorkedExample.ETH, eth, market))
        .isEqualTo(Wad.of("28215"));
    market.down.add(1L);
    assertThat(valuator.maintenanceValue(WorkedExample.ETH, eth, market)).isZero();
    assertThat(valuator.maintenanceValue(WorkedExample.ETH, eth, new TestMarket())).isZero();
    assertThat(
            valuator.maintenanceValue(
                new CollateralKey(137, "ETH"), eth, WorkedExample.freshPrices()))
        .isZero();
  }
}
