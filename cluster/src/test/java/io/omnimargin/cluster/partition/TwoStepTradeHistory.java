package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.LedgerSummary;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trades between accounts on different partitions, booked in two steps, one command or a batch per
 * commit, while owners crash before their commits, new owners read again what was applied, former
 * owners keep writing, and relays send legs again and again. At every instant the ledger read from
 * the store balances (open interest long = short, Σ cash = Σ cost basis), legs in flight counted;
 * once everything is delivered each trade is booked exactly once on each side: every position is
 * the sum of its account's trades, every fee paid once.
 */
public final class TwoStepTradeHistory {
  private static final String[] MARKETS = {"ETH-PERP", "BTC-PERP"};

  private TwoStepTradeHistory() {}

  /** What the histories run so far did, for a test to check that they did it at all. */
  public static final class Counts {
    public int zombieWritesRefused;
  }

  /** Counts across the histories of this JVM. */
  public static final Counts history = new Counts();

  /** One random history of {@code partitions} partitions kept in {@code store}, checked. */
  public static void check(long seed, int partitions, PartitionStore store) {
    Random random = new Random(seed);
    PartitionedCluster cluster = new PartitionedCluster(partitions, store);
    List<Address> accounts = accounts(random, 10);
    Expected expected = new Expected();
    for (int i = 0; i < 300; i++) {
      int p = random.nextInt(partitions);
      int roll = random.nextInt(100);
      if (roll < 30) {
        Trade trade = trade(random, accounts);
        expected.add(trade);
        cluster.produce(
            cluster.partitioner.of(trade.taker()), new PartitionCommand.BookTrade("t" + i, trade));
      } else if (roll < 55) {
        cluster.step(p);
      } else if (roll < 65) {
        cluster.stepBatch(p, 1 + random.nextInt(6), random.nextInt(5) == 0);
      } else if (roll < 72) {
        cluster.stepAndCrash(p);
      } else if (roll < 76) {
        cluster.zombieStep(p);
      } else if (roll < 80) {
        cluster.commitConsumerPosition(p);
      } else if (roll < 90) {
        cluster.relay(p);
      } else {
        cluster.acknowledge(p);
      }
      assertBalanced(cluster.summary(), "after action " + i);
    }
    cluster.drain();
    assertBalanced(cluster.summary(), "drained");
    history.zombieWritesRefused += cluster.zombieWritesRefused;
    assertBookedOnce(cluster.all(), cluster.shards, cluster.partitioner, accounts, expected);
  }

  /** Every position the sum of its trades, every fee paid and earned once, the pool's in shards. */
  public static void assertBookedOnce(
      List<PartitionState> partitions,
      SystemShards shards,
      LedgerPartitioner partitioner,
      List<Address> accounts,
      Expected expected) {
    Map<Address, Account> booked = new HashMap<>();
    BigInteger poolShards = BigInteger.ZERO;
    for (PartitionState state : partitions) {
      for (Account a : state.accounts().values()) {
        assertThat(booked.put(a.owner(), a)).as("one partition per account").isNull();
        if (a.owner().equals(shards.feePool(state.partition()))) {
          poolShards = poolShards.add(a.cash());
        } else {
          assertThat(partitioner.of(a.owner())).isEqualTo(state.partition());
        }
      }
    }
    for (Address a : accounts) {
      Account account = booked.getOrDefault(a, Account.empty(a));
      for (String market : MARKETS) {
        assertThat(account.position(market).size())
            .as("%s in %s", a, market)
            .isEqualTo(expected.size(a, market));
      }
      assertThat(account.flows().feesPaid()).isEqualTo(expected.paid(a));
      assertThat(account.flows().feesEarned()).isEqualTo(expected.earned(a));
    }
    assertThat(poolShards).as("protocol fees, in the shards").isEqualTo(expected.protocolFees);
  }

  public static void assertBalanced(LedgerSummary summary, String when) {
    assertThat(summary.imbalance()).as("Σ cash − Σ cost basis, %s", when).isZero();
    summary
        .openInterest()
        .forEach(
            (market, oi) ->
                assertThat(oi.longSize())
                    .as("%s long = short, %s", market, when)
                    .isEqualTo(oi.shortSize()));
  }

  public static List<Address> accounts(Random random, int n) {
    List<Address> accounts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] bytes = new byte[20];
      random.nextBytes(bytes);
      accounts.add(Address.wrap(bytes));
    }
    return accounts;
  }

  public static Trade trade(Random random, List<Address> accounts) {
    Address taker = accounts.get(random.nextInt(accounts.size()));
    Address maker;
    do {
      maker = accounts.get(random.nextInt(accounts.size()));
    } while (maker.equals(taker));
    BigInteger tenth = Wad.ONE.divide(BigInteger.TEN);
    BigInteger size = tenth.multiply(BigInteger.valueOf(1 + random.nextInt(50)));
    return new Trade(
        MARKETS[random.nextInt(MARKETS.length)],
        taker,
        maker,
        random.nextBoolean() ? size : size.negate(),
        Wad.ONE.multiply(BigInteger.valueOf(1_000 + random.nextInt(3_000))),
        tenth.multiply(BigInteger.valueOf(random.nextInt(3))),
        tenth.multiply(BigInteger.valueOf(random.nextInt(3))));
  }

  /** What the trades add up to, whatever the order their legs are booked in. */
  public static final class Expected {
    private final Map<String, BigInteger> sizes = new HashMap<>();
    private final Map<Address, BigInteger> paid = new HashMap<>();
    private final Map<Address, BigInteger> earned = new HashMap<>();
    private BigInteger protocolFees = BigInteger.ZERO;

    public void add(Trade t) {
      sizes.merge(t.taker() + t.market(), t.takerDelta(), BigInteger::add);
      sizes.merge(t.maker() + t.market(), t.takerDelta().negate(), BigInteger::add);
      paid.merge(t.taker(), t.makerFee().add(t.protocolFee()), BigInteger::add);
      earned.merge(t.maker(), t.makerFee(), BigInteger::add);
      protocolFees = protocolFees.add(t.protocolFee());
    }

    BigInteger size(Address a, String market) {
      return sizes.getOrDefault(a + market, BigInteger.ZERO);
    }

    BigInteger paid(Address a) {
      return paid.getOrDefault(a, BigInteger.ZERO);
    }

    BigInteger earned(Address a) {
      return earned.getOrDefault(a, BigInteger.ZERO);
    }
  }
}
