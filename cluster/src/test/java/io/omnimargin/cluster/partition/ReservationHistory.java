package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Reservations, releases, deposits and fills on a partitioned ledger while owners crash before
 * their commits, new owners read again what was applied, former owners keep writing and legs are
 * relayed again and again. At every instant, in the store, no collateral line is held for more than
 * its balance (collateral held for one intent is never held again for another); at the end the
 * reservations stored are exactly those the requesters were answered {@code accepted} for and that
 * no committed release or fill dropped since: none lost, none held twice.
 */
public final class ReservationHistory {
  static final long NOW = 1_800_000_000L;
  static final CollateralKey ETH = new CollateralKey(1, "ETH");
  private static final BigInteger TENTH = Wad.ONE.divide(BigInteger.TEN);

  private ReservationHistory() {}

  /** Engines with the default risk table and ETH at 3,000 USD, on a clock that stands still. */
  public static PartitionEngines pricedEngines() {
    return (partition, clearing, ledger) -> {
      MarginEngine engine =
          new MarginEngine(
              new Valuator(RiskConfig.defaults()), () -> NOW, event -> {}, ledger, clearing);
      engine.onPrice("ETH", new Price(Wad.of("3000"), NOW));
      return engine;
    };
  }

  /** One random history of {@code partitions} partitions kept in {@code store}, checked. */
  public static void check(long seed, int partitions, PartitionStore store) {
    Random random = new Random(seed);
    PartitionedCluster cluster = new PartitionedCluster(partitions, store, pricedEngines());
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 8);
    Map<Address, BigInteger> deposited = new HashMap<>();
    Map<Integer, Reservation> intents = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      int p = random.nextInt(partitions);
      int roll = random.nextInt(100);
      if (roll < 12) {
        Address a = pick(random, accounts);
        BigInteger balance =
            deposited.merge(
                a, TENTH.multiply(BigInteger.valueOf(random.nextInt(20))), BigInteger::add);
        cluster.produce(
            cluster.partitioner.of(a), new PartitionCommand.ProvenBalance(a, ETH, balance));
      } else if (roll < 32) {
        Reservation r =
            random.nextInt(4) == 0 && !intents.isEmpty()
                ? intents.get(random.nextInt(intents.size())) // a retried request
                : withdrawal(intents, pick(random, accounts), random);
        cluster.produce(cluster.partitioner.of(r.account()), new PartitionCommand.Reserve(r));
      } else if (roll < 38) {
        fill(cluster, intents, random, accounts);
      } else if (roll < 46 && !intents.isEmpty()) {
        Reservation r = intents.get(random.nextInt(intents.size()));
        cluster.produce(
            cluster.partitioner.of(r.account()),
            new PartitionCommand.Release(r.account(), r.intent()));
      } else {
        owners(cluster, p, random.nextInt(100));
      }
      assertNothingHeldTwice(cluster.all());
    }
    cluster.drain();
    assertNothingHeldTwice(cluster.all());
    assertHeldAsAnswered(cluster);
  }

  /** What the owners do: steps, batches, crashes, former owners, relays, acknowledgements. */
  private static void owners(PartitionedCluster cluster, int p, int roll) {
    if (roll < 40) {
      cluster.step(p);
    } else if (roll < 55) {
      cluster.stepBatch(p, 1 + roll % 6, roll % 5 == 0);
    } else if (roll < 65) {
      cluster.stepAndCrash(p);
    } else if (roll < 70) {
      cluster.zombieStep(p);
    } else if (roll < 78) {
      cluster.commitConsumerPosition(p);
    } else if (roll < 90) {
      cluster.relay(p);
    } else {
      cluster.acknowledge(p);
    }
  }

  private static Reservation withdrawal(
      Map<Integer, Reservation> intents, Address account, Random random) {
    BigInteger amount = TENTH.multiply(BigInteger.valueOf(1 + random.nextInt(10)));
    Reservation r =
        new Reservation(
            account, intent(intents.size()), new ProposedChange.Withdrawal(ETH, amount));
    intents.put(intents.size(), r);
    return r;
  }

  /**
   * An intent filled: both sides reserve their order under its id, then the trade is booked under
   * it on the taker's partition (the maker's leg relayed to its own).
   */
  private static void fill(
      PartitionedCluster cluster,
      Map<Integer, Reservation> intents,
      Random random,
      List<Address> accounts) {
    Trade t = TwoStepTradeHistory.trade(random, accounts);
    Trade trade =
        new Trade(
            "ETH-PERP",
            t.taker(),
            t.maker(),
            t.takerDelta().divide(BigInteger.TEN),
            Wad.of("3000"),
            t.makerFee(),
            t.protocolFee());
    OrderId id = intent(intents.size());
    boolean buys = trade.takerDelta().signum() > 0;
    BigInteger size = trade.takerDelta().abs();
    Reservation taker =
        new Reservation(
            trade.taker(),
            id,
            new ProposedChange.Order("ETH-PERP", buys, size, trade.price(), false));
    Reservation maker =
        new Reservation(
            trade.maker(),
            id,
            new ProposedChange.Order("ETH-PERP", !buys, size, trade.price(), false));
    intents.put(intents.size(), taker);
    intents.put(intents.size(), maker);
    cluster.produce(cluster.partitioner.of(trade.taker()), new PartitionCommand.Reserve(taker));
    cluster.produce(cluster.partitioner.of(trade.maker()), new PartitionCommand.Reserve(maker));
    cluster.produce(
        cluster.partitioner.of(trade.taker()), new PartitionCommand.BookTrade(id.toHex(), trade));
  }

  private static OrderId intent(int n) {
    return OrderId.parse("0x" + String.format("%064x", 1_000 + n));
  }

  private static Address pick(Random random, List<Address> accounts) {
    return accounts.get(random.nextInt(accounts.size()));
  }

  /** No collateral line of any account is held, by its withdrawals, for more than its balance. */
  static void assertNothingHeldTwice(List<PartitionState> partitions) {
    for (PartitionState state : partitions) {
      Map<Address, BigInteger> held = new HashMap<>();
      for (Reservation r : state.reservations().values()) {
        assertThat(r.key()).startsWith(r.intent().toHex());
        if (r.change() instanceof ProposedChange.Withdrawal w) {
          held.merge(r.account(), w.amount(), BigInteger::add);
        }
      }
      held.forEach(
          (account, amount) ->
              assertThat(amount)
                  .as("%s's ETH held for withdrawals on partition %d", account, state.partition())
                  .isLessThanOrEqualTo(state.account(account).balance(ETH)));
    }
  }

  /**
   * The stored reservations are those answered {@code accepted} and dropped by no committed release
   * or fill after that: replaying the committed answers in commit order gives them.
   */
  private static void assertHeldAsAnswered(PartitionedCluster cluster) {
    Set<String> expected = new HashSet<>();
    for (PartitionedCluster.Answered a : cluster.answered) {
      PartitionCommand c = a.command();
      if (c instanceof PartitionCommand.Reserve reserve && "accepted".equals(a.outcome())) {
        expected.add(reserve.reservation().key());
      } else if (c instanceof PartitionCommand.Release release) {
        expected.remove(Reservation.key(release.account(), release.intent()));
      } else if (c instanceof PartitionCommand.ApplyLeg relayed) {
        expected.remove(relayed.leg().key());
      } else if (c instanceof PartitionCommand.BookTrade book) {
        // the legs on the taker's partition are booked at once: the maker's too when it is there
        OrderId id = OrderId.parse(book.tradeId());
        expected.remove(Reservation.key(book.trade().taker(), id));
        if (cluster.partitioner.of(book.trade().maker()) == a.partition()) {
          expected.remove(Reservation.key(book.trade().maker(), id));
        }
      }
    }
    Set<String> stored = new HashSet<>();
    for (PartitionState state : cluster.all()) {
      for (Reservation r : state.reservations().values()) {
        assertThat(cluster.partitioner.of(r.account())).isEqualTo(state.partition());
        stored.add(r.key());
      }
    }
    assertThat(stored).isEqualTo(expected);
  }
}
