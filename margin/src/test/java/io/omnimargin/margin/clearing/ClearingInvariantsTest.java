package io.omnimargin.margin.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.margin.valuation.WorkedExample;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The clearing identities hold after every step of random sequences of deposits, trades with fees,
 * price moves (which call, deleverage and liquidate, with or without an insurance fund able to pay,
 * so that auto-deleverage is reached too), funding settlements, withdrawals (cash paid out to the
 * settlement pool, or collateral) and transfers: per market the sizes sum to zero, the cash of all
 * accounts equals the sum of all cost bases to the wei, no collateral line is negative.
 */
class ClearingInvariantsTest {
  private static final List<Address> ACCOUNTS =
      List.of(Owners.named("a"), Owners.named("b"), Owners.named("c"), Owners.named("d"));
  private static final CollateralKey ETH = WorkedExample.ETH;
  private static final CollateralKey USDC = WorkedExample.USDC;

  sealed interface Step permits Deposit, TradeStep, Move, Pay, Funding, Withdraw {}

  record Deposit(int account, boolean eth, long units) implements Step {}

  record TradeStep(int taker, int maker, long milliEth, long price, long feeCents)
      implements Step {}

  record Move(long ethPrice) implements Step {}

  record Pay(int from, int to, long cents) implements Step {}

  /**
   * A withdrawal of {@code percent} of the account's positive cash as USDC (a payout to the
   * settlement pool), or else of that share of its ETH collateral.
   */
  record Withdraw(int account, int percent) implements Step {}

  /** The clock reaches the next funding time and funding is settled. */
  record Funding() implements Step {}

  private static final FundingTerms FUNDING = new FundingTerms(600, Wad.of("0.01"));

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Integer> who = Arbitraries.integers().between(0, ACCOUNTS.size() - 1);
    Arbitrary<Step> deposit =
        Combinators.combine(who, Arbitraries.of(true, false), Arbitraries.longs().between(1, 50))
            .as(Deposit::new);
    Arbitrary<Step> trade =
        Combinators.combine(
                who,
                who,
                Arbitraries.longs().between(-20_000, 20_000).filter(v -> v != 0),
                Arbitraries.longs().between(1_500, 4_500),
                Arbitraries.longs().between(0, 500))
            .as(TradeStep::new)
            .filter(t -> t.taker() != t.maker())
            .map(t -> (Step) t);
    Arbitrary<Step> move = Arbitraries.longs().between(500, 6_000).map(Move::new);
    Arbitrary<Step> pay =
        Combinators.combine(who, who, Arbitraries.longs().between(1, 100_000))
            .as(Pay::new)
            .filter(p -> p.from() != p.to())
            .map(p -> (Step) p);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(2, deposit),
            net.jqwik.api.Tuple.of(5, trade),
            net.jqwik.api.Tuple.of(3, move),
            net.jqwik.api.Tuple.of(1, pay),
            net.jqwik.api.Tuple.of(2, Arbitraries.just((Step) new Funding())),
            net.jqwik.api.Tuple.of(
                1,
                Combinators.combine(who, Arbitraries.integers().between(1, 100))
                    .as(Withdraw::new)
                    .map(w -> (Step) w)))
        .list()
        .ofMinSize(5)
        .ofMaxSize(60);
  }

  @Property(tries = 300)
  void everyStepKeepsTheBooksBalanced(
      @ForAll("steps") List<Step> steps, @ForAll boolean insuranceFunded) {
    AtomicLong now = new AtomicLong(WorkedExample.NOW);
    List<MarginEvent> events = new ArrayList<>();
    MarginEngine engine =
        new MarginEngine(
            new Valuator(WorkedExample.config()),
            now::get,
            events::add,
            io.omnimargin.margin.ledger.LedgerStore.NONE,
            ClearingParameters.defaults().withFunding(FUNDING));
    engine.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
    engine.onPrice("USDC", new Price(Wad.ONE, now.get()));
    if (insuranceFunded) {
      engine.onCollateral(
          ClearingParameters.INSURANCE_FUND, USDC, BigInteger.valueOf(50_000_000_000L), "seed");
    }
    for (Step step : steps) {
      now.addAndGet(60);
      apply(engine, step, now);
      LedgerSummary ledger = engine.ledgerSummary();
      assertThat(ledger.imbalance()).as("cash − cost bases after %s", step).isZero();
      assertThat(ledger.openInterest().values())
          .as("open interest after %s", step)
          .allMatch(LedgerSummary.OpenInterest::balanced);
      assertThat(ledger.collateral().values()).allMatch(v -> v.signum() >= 0);
      MarketState market = engine.market("ETH-PERP").orElseThrow();
      assertThat(market.openLong())
          .as("the engine's running open interest after %s", step)
          .isEqualTo(
              ledger
                  .openInterest()
                  .getOrDefault(
                      "ETH-PERP", new LedgerSummary.OpenInterest(BigInteger.ZERO, BigInteger.ZERO))
                  .longSize())
          .isEqualTo(market.openShort());
    }
    // what the sequence reached, so that a run shows the waterfall's branches were exercised
    for (MarginEvent e : events) {
      if (e instanceof MarginEvent.Liquidation l) {
        Statistics.label("liquidation")
            .collect(l.taker() == null ? "auto-deleverage" : "insurance fund");
      }
    }
  }

  private static void apply(MarginEngine engine, Step step, AtomicLong now) {
    if (step instanceof Deposit d) {
      engine.onCollateral(
          ACCOUNTS.get(d.account()),
          d.eth() ? ETH : USDC,
          BigInteger.valueOf(d.units()).multiply(BigInteger.TEN.pow(d.eth() ? 18 : 9)),
          "deposit");
    } else if (step instanceof TradeStep t) {
      engine.onTrade(
          new Trade(
              "ETH-PERP",
              ACCOUNTS.get(t.taker()),
              ACCOUNTS.get(t.maker()),
              BigInteger.valueOf(t.milliEth()).multiply(BigInteger.TEN.pow(15)),
              Wad.of(Long.toString(t.price())),
              BigInteger.valueOf(t.feeCents()).multiply(BigInteger.TEN.pow(16)),
              BigInteger.valueOf(t.feeCents() / 3).multiply(BigInteger.TEN.pow(16))),
          null);
    } else if (step instanceof Move m) {
      engine.onPrice("ETH", new Price(Wad.of(Long.toString(m.ethPrice())), now.get()));
    } else if (step instanceof Funding) {
      BigInteger eth = engine.price("ETH").orElseThrow().usd();
      engine.onPrice("ETH", new Price(eth, now.get()));
      now.set(FUNDING.nextAfter(now.get()));
      engine.onPrice("ETH", new Price(eth, now.get()));
      engine.onPrice("USDC", new Price(Wad.ONE, now.get()));
      for (FundingSettlement s : engine.settleFundingDue()) {
        assertThat(s.paid()).isEqualTo(s.received().add(s.residue()));
        assertThat(s.residue()).isNotNegative();
        Statistics.label("funding").collect(s.rate().signum());
      }
    } else if (step instanceof Withdraw w) {
      Address owner = ACCOUNTS.get(w.account());
      var account = engine.snapshot(owner).account();
      BigInteger share = BigInteger.valueOf(w.percent());
      if (account.cash().signum() > 0) {
        BigInteger usd = account.cash().multiply(share).divide(BigInteger.valueOf(100));
        if (usd.signum() > 0) {
          engine.onPayout(owner, io.omnimargin.margin.Owners.intent("payout"), usd, "payout");
        }
      } else {
        BigInteger units = account.balance(ETH).multiply(share).divide(BigInteger.valueOf(100));
        if (units.signum() > 0) {
          engine.onCollateral(owner, ETH, units.negate(), "withdrawal");
        }
      }
    } else if (step instanceof Pay p) {
      engine.onTransfer(
          ACCOUNTS.get(p.from()),
          ACCOUNTS.get(p.to()),
          BigInteger.valueOf(p.cents()).multiply(BigInteger.TEN.pow(16)),
          "pay");
    }
  }
}
