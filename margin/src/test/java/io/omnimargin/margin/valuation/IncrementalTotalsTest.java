package io.omnimargin.margin.valuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Adjusting known totals for a change must give exactly the totals of the changed account: the
 * engine's pre-trade check relies on it instead of valuing every line again.
 */
class IncrementalTotalsTest {
  private final Valuator valuator = new Valuator(WorkedExample.config());

  @Property(tries = 500)
  void adjustingEqualsRevaluing(
      @ForAll @LongRange(min = 0, max = 1_000_000) long ethMilli,
      @ForAll @LongRange(min = 0, max = 10_000_000) long usdc,
      @ForAll @LongRange(min = -200_000, max = 200_000) long sizeMilli,
      @ForAll @LongRange(min = 1, max = 20_000) long entry,
      @ForAll @LongRange(min = 1, max = 20_000) long ethPrice,
      @ForAll @LongRange(min = 0, max = 10_000) long ethAge,
      @ForAll @LongRange(min = -300_000, max = 300_000) long orderMilli,
      @ForAll @LongRange(min = 1, max = 20_000) long limit,
      @ForAll @LongRange(min = 0, max = 1_000_000) long withdrawMilli,
      @ForAll boolean withdraw,
      @ForAll boolean ethereumRouteLive) {
    Account account = Account.empty(Owners.named("0xq"));
    if (ethMilli > 0) {
      account = account.withCollateral(WorkedExample.ETH, milli(ethMilli));
    }
    if (usdc > 0) {
      account =
          account.withCollateral(
              WorkedExample.USDC, BigInteger.valueOf(usdc).multiply(BigInteger.TEN.pow(6)));
    }
    if (sizeMilli != 0) {
      account = account.withFill("ETH-PERP", milli(sizeMilli), Wad.of(Long.toString(entry)));
    }
    TestMarket market =
        new TestMarket()
            .price("ETH", new Price(Wad.of(Long.toString(ethPrice)), WorkedExample.NOW - ethAge))
            .price("USDC", new Price(Wad.ONE, WorkedExample.NOW));
    if (!ethereumRouteLive) {
      market.down.add(1L);
    }
    ProposedChange change;
    if (withdraw) {
      if (withdrawMilli > ethMilli) {
        return; // more than the balance: the checker refuses it before adjusting
      }
      change = new ProposedChange.Withdrawal(WorkedExample.ETH, milli(withdrawMilli));
    } else {
      if (orderMilli == 0) {
        return;
      }
      change =
          new ProposedChange.Order(
              "ETH-PERP",
              orderMilli > 0,
              milli(Math.abs(orderMilli)),
              Wad.of(Long.toString(limit)),
              false);
    }
    Account after = change.applyTo(account);
    Totals before = valuator.totals(account, market, WorkedExample.NOW);
    assertThat(valuator.adjust(before, account, after, change, market, WorkedExample.NOW))
        .isEqualTo(valuator.totals(after, market, WorkedExample.NOW));
  }

  private static BigInteger milli(long milli) {
    return BigInteger.valueOf(milli).multiply(BigInteger.TEN.pow(15));
  }
}
