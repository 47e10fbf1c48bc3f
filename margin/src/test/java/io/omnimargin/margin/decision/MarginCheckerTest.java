package io.omnimargin.margin.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.decision.Decision.Reason;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.margin.valuation.WorkedExample;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Pre-trade checks on the spec's worked-example account (AV_i 44,252, IMR 1,500). */
class MarginCheckerTest {
  private final MarginChecker checker = new MarginChecker(new Valuator(WorkedExample.config()));
  private final Account account = WorkedExample.account();
  private final long now = WorkedExample.NOW;

  private Decision order(boolean isBuy, String size, String limit, boolean reduceOnly) {
    return checker.check(
        account,
        new ProposedChange.Order("ETH-PERP", isBuy, Wad.of(size), Wad.of(limit), reduceOnly),
        WorkedExample.freshPrices(),
        now);
  }

  @Test
  void anOrderWithinInitialMarginIsAccepted() {
    Decision decision = order(true, "10", "3000", false);
    assertThat(decision.accepted()).isTrue();
    assertThat(decision.after().imr()).isEqualTo(Wad.of("4500")); // 15 ETH · 3,000 · 10%
  }

  @Test
  void anOrderBeyondInitialMarginIsRefusedWithTheShortfall() {
    // 150 ETH more: notional 465,000 → IMR 46,500 > AV_i 44,252.
    Decision decision = order(true, "150", "3000", false);
    assertThat(decision.accepted()).isFalse();
    assertThat(decision.reason()).isEqualTo(Reason.INSUFFICIENT_MARGIN);
    assertThat(decision.after().imr()).isEqualTo(Wad.of("46500"));
    assertThat(decision.shortfall())
        .isEqualTo(Wad.of("46500").subtract(decision.after().avInitial()));
  }

  @Test
  void buyingAboveTheMarkCostsEquityAtOnce() {
    Decision atMark = order(true, "1", "3000", false);
    Decision above = order(true, "1", "3100", false);
    BigInteger exact = atMark.after().avInitial().subtract(Wad.of("100"));
    // The averaged entry price rounds against the holder: a few wei worse, never better.
    assertThat(above.after().avInitial())
        .isLessThanOrEqualTo(exact)
        .isGreaterThan(exact.subtract(BigInteger.TEN));
  }

  @Test
  void aReduceOnlyOrderThatReducesAlwaysPassesEvenWithNoMargin() {
    Account broke =
        account
            .withCollateral(WorkedExample.ETH, account.balance(WorkedExample.ETH).negate())
            .withCollateral(WorkedExample.USDC, account.balance(WorkedExample.USDC).negate());
    Decision decision =
        checker.check(
            broke,
            new ProposedChange.Order("ETH-PERP", false, Wad.of("2"), Wad.of("1"), true),
            WorkedExample.freshPrices(),
            now);
    assertThat(decision.accepted()).isTrue();
    assertThat(decision.reason()).isEqualTo(Reason.REDUCES_RISK);
    assertThat(order(true, "1", "3000", true).reason()).isEqualTo(Reason.NOT_REDUCING);
  }

  @Test
  void noPositionGrowsAgainstAStalePrice() {
    var stale = WorkedExample.freshPrices().price("ETH", new Price(Wad.of("3000"), now - 7200));
    Decision decision =
        checker.check(
            account,
            new ProposedChange.Order("ETH-PERP", true, Wad.of("1"), Wad.of("3000"), false),
            stale,
            now);
    assertThat(decision.reason()).isEqualTo(Reason.STALE_PRICE);
  }

  @Test
  void aWithdrawalThatWouldBreakInitialMarginIsRefused() {
    Account levered = WorkedExample.account().withFill("ETH-PERP", Wad.of("120"), Wad.of("3000"));
    // IMR 37,500 against AV_i 44,252: withdrawing 5 ETH (−12,622.5 of AV_i) would break it.
    Decision decision =
        checker.check(
            levered,
            new ProposedChange.Withdrawal(
                WorkedExample.ETH, BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(18))),
            WorkedExample.freshPrices(),
            now);
    assertThat(decision.accepted()).isFalse();
    assertThat(decision.reason()).isEqualTo(Reason.INSUFFICIENT_MARGIN);

    Decision small =
        checker.check(
            levered,
            new ProposedChange.Withdrawal(WorkedExample.ETH, BigInteger.TEN.pow(18)),
            WorkedExample.freshPrices(),
            now);
    assertThat(small.accepted()).isTrue();
    assertThat(
            checker
                .check(
                    account,
                    new ProposedChange.Withdrawal(WorkedExample.ETH, BigInteger.TEN.pow(20)),
                    WorkedExample.freshPrices(),
                    now)
                .reason())
        .isEqualTo(Reason.INSUFFICIENT_BALANCE);
    assertThat(
            checker
                .check(
                    account,
                    new ProposedChange.Withdrawal(new CollateralKey(1, "USDC"), BigInteger.ONE),
                    WorkedExample.freshPrices(),
                    now)
                .reason())
        .isEqualTo(Reason.NOT_COLLATERAL);
  }
}
