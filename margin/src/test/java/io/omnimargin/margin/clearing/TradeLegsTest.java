package io.omnimargin.margin.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A trade booked as legs by two engines, each holding the accounts of one ledger partition, leaves
 * every account as one engine booking the whole trade does, and the two engines' books together
 * balance as the one engine's do.
 */
class TradeLegsTest {
  private static final long NOW = 1_800_000_000L;
  private static final CollateralKey ETH = new CollateralKey(1, "ETH");
  private static final Address POOL = ClearingParameters.FEE_POOL;
  private static final List<Address> EVEN =
      List.of(Owners.named("a0"), Owners.named("a2"), Owners.named("a4"));
  private static final List<Address> ODD =
      List.of(Owners.named("a1"), Owners.named("a3"), Owners.named("a5"));

  @Property(tries = 50)
  void legsBookedOnTheirPartitionsEngineLeaveWhatTheWholeTradeLeaves(@ForAll long seed) {
    Random random = new Random(seed);
    MarginEngine whole = engine();
    MarginEngine even = engine();
    MarginEngine odd = engine();
    for (Address a : EVEN) {
      fund(whole, a);
      fund(even, a);
    }
    for (Address a : ODD) {
      fund(whole, a);
      fund(odd, a);
    }
    for (int i = 0; i < 100; i++) {
      Trade trade = trade(random);
      whole.onTrade(trade, null);
      for (TradeLeg leg : trade.legs("t" + i, POOL)) {
        // the fee pool's leg is booked with the taker's, on the taker's partition
        Address side = leg.account().equals(POOL) ? trade.taker() : leg.account();
        (EVEN.contains(side) ? even : odd).onTradeLeg(leg, null);
      }
    }
    for (Address a : EVEN) {
      assertThat(even.snapshot(a).account()).isEqualTo(whole.snapshot(a).account());
    }
    for (Address a : ODD) {
      assertThat(odd.snapshot(a).account()).isEqualTo(whole.snapshot(a).account());
    }
    assertThat(even.cash(POOL).add(odd.cash(POOL))).isEqualTo(whole.cash(POOL));
    LedgerSummary one = whole.ledgerSummary();
    LedgerSummary a = even.ledgerSummary();
    LedgerSummary b = odd.ledgerSummary();
    assertThat(a.cashSum().add(b.cashSum())).isEqualTo(one.cashSum());
    assertThat(a.costBasisSum().add(b.costBasisSum())).isEqualTo(one.costBasisSum());
    assertThat(one.imbalance()).isZero();
    LedgerSummary.OpenInterest oiA = a.openInterest().get("ETH-PERP");
    LedgerSummary.OpenInterest oiB = b.openInterest().get("ETH-PERP");
    LedgerSummary.OpenInterest oi = one.openInterest().get("ETH-PERP");
    assertThat(size(oiA, true).add(size(oiB, true))).isEqualTo(oi.longSize());
    assertThat(size(oiA, false).add(size(oiB, false))).isEqualTo(oi.shortSize());
  }

  private static BigInteger size(LedgerSummary.OpenInterest oi, boolean longSide) {
    return oi == null ? BigInteger.ZERO : longSide ? oi.longSize() : oi.shortSize();
  }

  private static MarginEngine engine() {
    MarginEngine engine = new MarginEngine(new Valuator(RiskConfig.defaults()), () -> NOW, e -> {});
    engine.onPrice("ETH", new Price(Wad.of("3000"), NOW));
    return engine;
  }

  private static void fund(MarginEngine engine, Address a) {
    engine.onCollateral(a, ETH, Wad.of("1000"), "deposit");
  }

  private static Trade trade(Random random) {
    Address taker = pick(random);
    Address maker;
    do {
      maker = pick(random);
    } while (maker.equals(taker));
    BigInteger tenth = Wad.ONE.divide(BigInteger.TEN);
    BigInteger size = tenth.multiply(BigInteger.valueOf(1 + random.nextInt(50)));
    return new Trade(
        "ETH-PERP",
        taker,
        maker,
        random.nextBoolean() ? size : size.negate(),
        Wad.ONE.multiply(BigInteger.valueOf(2_900 + random.nextInt(200))),
        tenth.multiply(BigInteger.valueOf(random.nextInt(3))),
        tenth.multiply(BigInteger.valueOf(random.nextInt(3))));
  }

  private static Address pick(Random random) {
    List<Address> side = random.nextBoolean() ? EVEN : ODD;
    return side.get(random.nextInt(side.size()));
  }
}
